"""Russian source documents: persons, places, organisations, numbers and document headers.

The extractors are small and single-purpose (Natasha-style): each reads the re-flowed view of a
Russian `Document` and returns spans with normalised values; `pipeline.ru.component` turns them
into `Record`s with `lang="ru"`.
"""
