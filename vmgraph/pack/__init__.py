"""The rule pack: its records (model), the loader that checks rule files, the cache of checked packs, product names and step weights."""
