"""Stories: the listings, the story page, submitting, editing and voting (SPEC STO-*, VOT-*)."""
