"""One module per `cic` command; each registers itself on `cicmaroc.cli.main.app`."""
