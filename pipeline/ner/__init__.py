"""The statistical NER: KazNERD data, training, the shipped spaCy model, the kk.ner component, the stanza backend."""
