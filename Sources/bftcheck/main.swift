import BFTCheckCLI
import Foundation

exit(BFTCheck.execute(Array(CommandLine.arguments.dropFirst())))
