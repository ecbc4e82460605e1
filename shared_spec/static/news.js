// Vote buttons without a page reload (VOT-5). Both apps serve this one file.
//
// Progressive enhancement: every vote and unvote button is a plain POST form that works
// without this script. With it, the form is sent with fetch() asking for JSON, and the
// score and the button change in place. Anything unexpected (not logged in any more, a 403,
// a network error) falls back to submitting the form the ordinary way, so the server's
// own answer is what the user sees. Loaded with `defer` from a file, never inline: the
// Content-Security-Policy (SEC-3) forbids inline script.
(function () {
  "use strict";

  // What a form turns into once the vote is cast or taken back; the same markup the
  // templates render (shared_spec/SPEC.md, "Stories, comments, pagination").
  var STATES = {
    true: { className: "unvote", path: "/unvote", label: "unvote", text: "\u25BC" },
    false: { className: "vote", path: "/vote", label: "upvote", text: "\u25B2" },
  };

  function kindOf(form) {
    if (form.classList.contains("vote")) return "vote";
    if (form.classList.contains("unvote")) return "unvote";
    return null;
  }

  // The item's own score, not one of a nested reply's.
  function scoreOf(item) {
    var scores = item.querySelectorAll(".score");
    for (var i = 0; i < scores.length; i++) {
      if (scores[i].closest(".story, .comment") === item) return scores[i];
    }
    return null;
  }

  function show(form, result) {
    var item = form.closest(".story, .comment");
    var score = item && scoreOf(item);
    if (score) {
      score.textContent = result.points + (result.points === 1 ? " point" : " points");
    }
    var state = STATES[result.voted === true];
    form.className = state.className;
    form.action = form.action.replace(/\/(un)?vote$/, state.path);
    var button = form.querySelector("button");
    button.title = state.label;
    button.setAttribute("aria-label", state.label);
    button.textContent = state.text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!kindOf(form) || !window.fetch || !window.FormData) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("vote answered " + response.status);
        return response.json();
      })
      .then(function (result) {
        show(form, result);
        button.disabled = false;
      })
      .catch(function () {
        // form.submit() fires no submit event, so this cannot loop.
        form.submit();
      });
  });
})();
