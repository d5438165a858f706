"""The consistency rules of `cic validate`, one module per family; `registry` lists them all."""
