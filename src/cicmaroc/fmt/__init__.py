"""The canonical layout of the data files (`cic fmt`) and new files built in it (`cic new`)."""
