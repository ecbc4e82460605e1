"""Members: sign up, log in and out, profile, settings (SPEC ACC-*)."""
