"""Story listings. Placeholders until stories land: a title and an empty list."""

from django.views.generic import TemplateView


class StoryListView(TemplateView):
    """One view for the front page, /new and /top; urls.py gives each its title."""

    template_name = "news/story_list.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)
