"""Reading the working tree: text files, YAML, schemas, config, records, safety, the instance."""
