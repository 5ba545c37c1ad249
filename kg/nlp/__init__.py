"""spaCy pipeline for Arabic conflict news: tokenizer, normalization, gazetteer, triggers."""
