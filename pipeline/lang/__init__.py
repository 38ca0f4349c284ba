"""Language data that spaCy does not ship: Kazakh (`kk`)."""
