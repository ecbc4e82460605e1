"""The one registry of differences between the apps that SPEC.md allows, with the reasons.

Tests never branch on the app: they read the value for the app under test through the
`known` fixture (`known.password_hash_prefix`). An entry with `checked=False` only
documents a difference; the tests check what both apps guarantee.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace


@dataclass(frozen=True)
class Difference:
    name: str
    rules: tuple[str, ...]
    django: object
    flask: object
    reason: str
    checked: bool = True


DIFFERENCES = (
    Difference(
        "password_hash_prefix",
        ("ACC-7",),
        django="pbkdf2_sha256$",
        flask="scrypt:",
        reason="Each framework's standard salted hash: Django's default hasher is PBKDF2 "
        "(`algorithm$iterations$salt$hash`); werkzeug's generate_password_hash defaults "
        "to scrypt (`scrypt:n:r:p$salt$hash`).",
    ),
    Difference(
        "csrf_field",
        ("SEC-1",),
        django="csrfmiddlewaretoken",
        flask="csrf_token",
        reason="The name each framework gives the hidden CSRF input ({% csrf_token %} vs "
        "Flask-WTF's form.csrf_token). Forms are submitted with all their hidden inputs, "
        "so only the test that the token is present reads this.",
    ),
    Difference(
        "session_cookie",
        ("ACC-1", "ACC-2", "ACC-3"),
        django="sessionid",
        flask="session",
        reason="Django keeps sessions in the database and the cookie holds their key; "
        "Flask signs the session data into the cookie itself.",
    ),
    Difference(
        "logout_ends_other_sessions",
        ("ACC-3",),
        django=False,
        flask=True,
        checked=False,
        reason="Flask's signed-cookie sessions cannot be deleted on the server, so logout "
        "rotates the member's session token, which ends their sessions on every device; "
        "Django deletes just the one session row. Both guarantee what ACC-3 asks: the "
        "logged-out session no longer works.",
    ),
    Difference(
        "admin_login_path",
        ("MOD-1",),
        django="/admin/login/",
        flask="/login",
        reason="Django's admin has its own login page and sends a visitor there with "
        "`?next=<path>`; Flask-Admin has none, so the admin views send a visitor to the "
        "site's login page, also with `?next=<path>`.",
    ),
    Difference(
        "admin_refuses_member_with",
        ("MOD-1",),
        django=(200, 302),
        flask=(403,),
        reason="Django's admin answers a logged-in member who is not staff with its login "
        "page (a redirect to it, or the page itself saying they are not authorised); the "
        "Flask admin views' inaccessible_callback answers 403. Neither shows admin data.",
    ),
    Difference(
        "admin_search_param",
        ("MOD-2",),
        django="q",
        flask="search",
        reason="The query parameter each admin's list pages search with: Django's "
        "changelist takes `?q=`, Flask-Admin's list view `?search=`.",
    ),
    Difference(
        "admin_stories",
        ("MOD-2",),
        django={
            "list": "/admin/news/story/",
            "post": "/admin/news/story/",
            "form": "form#changelist-form",
            "ids": "_selected_action",
            "remove": "remove",
            "restore": "restore",
            "extra": {"index": "0"},
            "edit": "/admin/news/story/{id}/change/",
            "edit_form": "form#story_form",
            "add": "/admin/news/story/add/",
            "delete": ("/admin/news/story/{id}/delete/", {"post": "yes"}),
            "delete_action": "delete_selected",
            "page_param": "p",
        },
        flask={
            "list": "/admin/story/",
            "post": "/admin/story/action/",
            "form": "form#action_form",
            "ids": "rowid",
            "remove": "remove",
            "restore": "restore",
            "extra": {},
            "edit": "/admin/story/edit/?id={id}",
            "edit_form": "form.admin-form",
            "add": "/admin/story/new/",
            "delete": ("/admin/story/delete/", {"id": "{id}"}),
            "delete_action": "delete",
            "page_param": "page",
        },
        reason="Each admin's URL scheme and how it posts a bulk action. Django: the "
        "changelist /admin/<app>/<model>/; its form#changelist-form (csrfmiddlewaretoken) "
        "goes back to the changelist with `action=<ModelAdmin action name>`, "
        "`_selected_action=<id>` per row and `index` (which action bar's Go button). "
        "Flask-Admin: the list /admin/<endpoint>/; its hidden form#action_form (csrf_token, "
        "url) goes to /admin/<endpoint>/action/ with `action=<@action name>` and "
        "`rowid=<id>` per row. Both lists carry each row's id in those checkboxes. A story's "
        "edit page: Django's /admin/news/story/<id>/change/ (form#story_form), "
        "Flask-Admin's /admin/story/edit/?id=<id> (form.admin-form). MOD-6's tests also "
        "try each admin's add page (Django /add/, Flask-Admin /new/), its delete page "
        "(Django's confirmation page posts `post=yes` to /<id>/delete/; Flask-Admin's list "
        "posts `id` to /delete/), its bulk delete action (`delete_selected`, `delete`) and "
        "its page parameter (`?p=`, `?page=`): the apps must refuse or ignore every one.",
    ),
    Difference(
        "admin_users",
        ("MOD-2", "ACC-5"),
        django={
            "list": "/admin/accounts/user/",
            "post": "/admin/accounts/user/",
            "form": "form#changelist-form",
            "ids": "_selected_action",
            "ban": "ban",
            "unban": "unban",
            "extra": {"index": "0"},
            "edit": "/admin/accounts/user/{id}/change/",
            "edit_form": "form#user_form",
            "delete": ("/admin/accounts/user/{id}/delete/", {"post": "yes"}),
            "delete_action": "delete_selected",
        },
        flask={
            "list": "/admin/user/",
            "post": "/admin/user/action/",
            "form": "form#action_form",
            "ids": "rowid",
            "ban": "ban",
            "unban": "unban",
            "extra": {},
            "edit": "/admin/user/edit/?id={id}",
            "edit_form": "form.admin-form",
            "delete": ("/admin/user/delete/", {"id": "{id}"}),
            "delete_action": "delete",
        },
        reason="As admin_stories, for the users.",
    ),
    Difference(
        "admin_comments",
        ("MOD-2", "MOD-6"),
        django={
            "list": "/admin/comments/comment/",
            "post": "/admin/comments/comment/",
            "form": "form#changelist-form",
            "ids": "_selected_action",
            "remove": "remove",
            "restore": "restore",
            "extra": {"index": "0"},
            "edit": "/admin/comments/comment/{id}/change/",
            "edit_form": "form#comment_form",
            "add": "/admin/comments/comment/add/",
            "delete": ("/admin/comments/comment/{id}/delete/", {"post": "yes"}),
            "delete_action": "delete_selected",
        },
        flask={
            "list": "/admin/comment/",
            "post": "/admin/comment/action/",
            "form": "form#action_form",
            "ids": "rowid",
            "remove": "remove",
            "restore": "restore",
            "extra": {},
            "edit": "/admin/comment/edit/?id={id}",
            "edit_form": "form.admin-form",
            "add": "/admin/comment/new/",
            "delete": ("/admin/comment/delete/", {"id": "{id}"}),
            "delete_action": "delete",
        },
        reason="As admin_stories, for the comments: Django's changelist lives under the "
        "comments app (/admin/comments/comment/), Flask-Admin's under its endpoint "
        "(/admin/comment/).",
    ),
    Difference(
        "admin_script_src",
        ("SEC-3",),
        django="script-src 'self';",
        flask="script-src 'self' 'unsafe-inline';",
        reason="Flask-Admin's Bootstrap 4 templates carry inline scripts, so the Flask app "
        "relaxes script-src under /admin/ only; Django's admin runs under the strict CSP. "
        "Every other SEC-3 header and CSP directive is the same.",
    ),
    Difference(
        "admin_browser_action",
        ("MOD-2",),
        django=(
            ("select", "select[name=action]", "{action}"),
            ("click", "button[name=index][value='0']", ""),
        ),
        flask=(
            ("click", "a.dropdown-toggle:text-is('With selected')", ""),
            ("click", "a.dropdown-item:text-is('{label}')", ""),
        ),
        reason="How a person runs a bulk action on the rows they ticked, in a browser: "
        "Django's changelist has an Action select and a Go button; Flask-Admin a \"With "
        'selected" menu whose items post the hidden action form after a confirm() '
        "dialog. Steps as (verb, selector, value); the journey accepts dialogs.",
    ),
    Difference(
        "admin_inactive_users_filter",
        ("MOD-2",),
        django="?is_active__exact=0",
        flask="?flt0_0=0",
        reason="The users list filtered to banned (inactive) members, as each admin's "
        "filter writes it into the URL: Django's list_filter links `?<field>__exact=`, "
        "Flask-Admin's filters `?flt<position>_<filter index>=` (index 0 is is_active "
        '"equals", the first of UserView.column_filters).',
    ),
    Difference(
        "admin_axe_rules",
        ("WEB-1",),
        django=(),
        flask=(),
        reason="The axe-core rules (WCAG 2.2 AA) each admin's own templates may still break, "
        "measured on every admin page the route table opens; a serious or critical one "
        "fails whether listed or not. Neither admin breaks any now. Django's admin: "
        "templates/admin/base_site.html, the documented way to extend it, adds a "
        "stylesheet that underlines the breadcrumbs' links (link-in-text-block) and makes "
        "the list filters' links 24 pixels high (target-size). Flask-Admin 2.2's Bootstrap "
        "4 theme broke four, each serious: its grey navbar links (color-contrast) and the "
        "list's view and edit icons under 24 pixels (target-size), fixed by a stylesheet; "
        "no `lang` on its <html> (html-has-lang) and the search box's clear link without "
        "a name (link-name), in templates it offers no block for, fixed in copies of them "
        "(templates/admin/base.html and model/layout.html) that a test keeps in step with "
        "the installed Flask-Admin.",
    ),
    Difference(
        "admin_wider_than_a_phone",
        ("WEB-3",),
        django=(),
        flask=("?flt",),
        reason="Admin pages that still scroll sideways at 390 pixels, by a part of their URL. "
        "Flask-Admin's list with an active filter (`?flt0_0=0`) shows the filter as a row "
        "of fixed-width Bootstrap inputs, 63 pixels wider than a phone; its list without "
        "one fits. Django's admin fits at 390 pixels everywhere the route table goes.",
    ),
    Difference(
        "age_words",
        ("STO-3",),
        # How long ago, as time.age says it; regular expressions, matched in full.
        django={
            "10 seconds": r"\d+ seconds ago",
            "90 seconds": "a minute ago",
            "5 minutes": "5 minutes ago",
            "1 hour": "an hour ago",
            "3 hours 30": "3 hours ago",
            "1 day": "1 day ago",
            "1 day 3 hours": "1 day, 3 hours ago",
            "3 days": "3 days ago",
        },
        flask={
            "10 seconds": "just now",
            "90 seconds": "1 minute ago",
            "5 minutes": "5 minutes ago",
            "1 hour": "1 hour ago",
            "3 hours 30": "3 hours ago",
            "1 day": "1 day ago",
            "1 day 3 hours": "1 day ago",
            "3 days": "3 days ago",
        },
        reason="Each framework's own words. Django ships `naturaltime` "
        '(django.contrib.humanize): seconds under a minute, "a minute ago", "an hour '
        'ago", and past a day two units ("1 day, 3 hours ago"), translated with the rest of '
        "Django. Jinja has no such filter, so the Flask app keeps a six-line `age` filter "
        '(news/filters.py): "just now" under a minute, then the largest whole unit. Writing '
        "Django's words in Flask, or Flask's in Django, would be imitation.",
    ),
    Difference(
        "tokenless_post_status",
        ("SEC-1", "SEC-4"),
        django=403,
        flask=405,
        reason="A POST without a CSRF token to a route that does not take POST (`/`, "
        "`/new`, `/top`). Django's CsrfViewMiddleware checks the token before the view "
        "runs, so it answers 403 (the CSRF page); Flask's router matches the method first "
        "and answers 405 before Flask-WTF's check. With a valid token both answer 405. The "
        "Django app once rebuilt Flask's order in a custom CSRF failure view (asking the "
        "view class which methods it takes); that was imitation and is gone.",
    ),
    Difference(
        "unreadable_body",
        ("SEC-7",),
        django={"latin-1 form": 400, "multipart without boundary": 400},
        flask={"latin-1 form": 302, "multipart without boundary": 403},
        reason="What each framework does with a body it cannot read as sent. A form body "
        "declared `charset=latin-1`: Django refuses it (HTML forms must be UTF-8, RFC "
        "1866; `BadRequest`, the 400 page); werkzeug ignores the label and reads UTF-8, "
        "so the form is saved (an escaped byte that is no UTF-8, `%E9`, stays as written). A "
        "multipart body without a boundary: Django refuses it (400); werkzeug reads it as "
        "an empty form, so the CSRF check finds no token (403). Either way a 4xx page with "
        "the SEC-3 headers, never a 500.",
    ),
    Difference(
        "json_body_to_a_form",
        ("SEC-7",),
        django="an empty form",
        flask="no form data",
        checked=False,
        reason="A JSON body posted to an HTML form with a valid CSRF header. Django's "
        "request.POST is empty for it, so a ModelForm sees every field empty (the settings "
        "form would save an empty about); the Flask app's forms ignore JSON bodies "
        "(Flask-WTF would otherwise read them as form fields), and WTForms keeps the "
        "object's values for fields the form data lacks. Both answer the form's own "
        'rules ("This field is required." on /submit); neither reads JSON values as fields.',
    ),
    Difference(
        "login_throttle_window",
        ("ACC-12",),
        django="fixed 15-minute windows",
        flask="a moving 15-minute window",
        checked=False,
        reason='How each library counts "within 15 minutes". django-ratelimit counts in '
        "fixed windows (their edges staggered per key), so up to twice the limit can fail "
        "across one window's edge, and Retry-After is the time left in the window; "
        "Flask-Limiter's moving-window strategy counts the last 15 minutes exactly. "
        "django-ratelimit cannot reset a count either, so the Django app keys the "
        "account's count on its last login, which a successful login changes; Flask-Limiter "
        "clears the account's count. Both lock out after 10 (or 30) failures in a row.",
    ),
)


def for_app(app: str) -> SimpleNamespace:
    """The values of every difference for one app ("django" or "flask")."""
    return SimpleNamespace(**{d.name: getattr(d, app) for d in DIFFERENCES})
