import BFTCheckCLI
BFTCheck.main()
