// The commands are a thin layer over `Verification` (configs, checking, counterexample files, replay):
// re-exported so that every command file, and every client of the CLI library, sees its types.
@_exported import Verification
