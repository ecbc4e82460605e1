"""Threaded comments on stories (SPEC COM-*): models, the thread builder, forms, views."""
