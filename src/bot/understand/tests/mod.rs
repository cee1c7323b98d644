//! Tests of the order reader: unit cases, the corpus, bad input, properties.
