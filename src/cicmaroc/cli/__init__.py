"""The `cic` command line: parse the arguments, call `cicmaroc.api`, print, set the exit code."""
