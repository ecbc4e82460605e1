"""Moderation: the log of moderator actions, its page, and the remove/restore buttons."""
