"""From the data folder to the `Programme`: find the files, read each into its model, count them."""
