// Shared by the console pages: calls to /api/console/... with the sign-in session (a 401 goes to the sign-in page the
// problem names), who is signed in, and formatting. Patient data is only ever put into the page as text.
"use strict";
window.Console = (function () {
  async function call(method, path, body) {
    const response = await fetch("/api/console/" + path, {
      method, credentials: "same-origin", cache: "no-store",
      headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => null);
    if (response.status === 401) {
      location.href = (json && json.signIn) || "/.auth/login/aad?post_login_redirect_uri=" + encodeURIComponent(location.pathname);
      throw new Error("not signed in");
    }
    if (!response.ok) {
      const fields = json && json.errors ? Object.entries(json.errors).map(([f, m]) => f + ": " + m.join("; ")).join(" · ") : "";
      const error = new Error(fields || (json && (json.detail || json.title)) || response.statusText);
      error.problem = json;
      throw error;
    }
    return json;
  }

  const el = Dom.el;

  function visitTime(at, zone) {
    try {
      return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: zone, timeZoneName: "short" }).format(new Date(at));
    } catch (e) { return new Date(at).toLocaleString("en-US"); }
  }

  function when(at) { return new Date(at).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" }); }

  function age(at) {
    const minutes = Math.max(0, Math.round((Date.now() - new Date(at).getTime()) / 60000));
    if (minutes < 60) return minutes + " min";
    if (minutes < 48 * 60) return Math.round(minutes / 60) + " h";
    return Math.round(minutes / 1440) + " d";
  }

  function words(name) { return String(name).replace(/([a-z])([A-Z])/g, "$1 $2"); }

  async function whoAmI() {
    const me = await call("GET", "me");
    const who = document.getElementById("who");
    const local = location.hostname === "127.0.0.1" || location.hostname === "localhost";
    const out = local
      ? el("form", { method: "post", action: "/dev/sign-out" }, el("button", { type: "submit", class: "link" }, "Sign out"))
      : el("a", { href: "/.auth/logout" }, "Sign out");
    who.replaceChildren(el("span", {}, "Signed in as " + me.name + " "), out);
    return me;
  }

  return { call, el, visitTime, when, age, words, whoAmI };
})();
