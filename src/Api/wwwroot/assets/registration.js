// One registration for a specialist: patient and visit, actions (resolutions with their remedy, corrections, card upload
// on the patient's behalf, patient link), the card read next to what was typed, eligibility, follow-up and messages,
// work items and the timeline. Opening the page is audited by the server.
"use strict";
(function () {
  const { call, el, visitTime, when, words, whoAmI } = window.Console;
  const id = location.pathname.split("/").filter(Boolean).pop();
  const field = (name) => document.getElementById(name);
  const norm = (v) => String(v || "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  let reg = null;
  let polling = null;

  function say(target, message, bad) {
    field(target).textContent = message;
    field(target).className = bad ? "error" : "";
  }

  function facts(pairs) {
    return pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]);
  }

  function money(v) { return v === null || v === undefined ? "—" : "$" + Number(v).toFixed(2); }

  function render() {
    const p = reg.patient;
    const name = [p.name.given, p.name.middle, p.name.family, p.name.suffix].filter(Boolean).join(" ");
    document.title = name + " · PatientAccess";
    field("title").textContent = name;
    const stage = field("stage");
    stage.textContent = "Stage: " + words(reg.stage) + (reg.awaiting ? " · waiting for " + words(reg.awaiting) : "");
    stage.className = "status " + ({ EligibilityVerified: "ok", Cleared: "ok", NeedsAttention: "warn", Incomplete: "bad", Cancelled: "bad" }[reg.stage] || "info");
    const typed = reg.typedInsurance || {};
    const coverage = reg.coverage || {};
    field("patient").replaceChildren(...facts([
      ["Registration", reg.id], ["Date of birth", p.birthDate], ["Sex", p.sex], ["Language", p.language],
      ["Phone", p.phone && p.phone.value], ["Email", p.email && p.email.value],
      ["Visit", visitTime(reg.appointment.scheduledAt, reg.appointment.timeZone)], ["Facility", reg.appointment.facilityId],
      ["Services", (reg.appointment.serviceCodes || []).map((c) => c.value).join(", ")],
      ["Payer", coverage.payerName || typed.payerName], ["Payer id", coverage.payerId || typed.payerId],
      ["Member id (in use)", coverage.memberId || typed.memberId], ["Group", coverage.groupNumber || typed.groupNumber],
      ["Coverage from", coverage.source],
    ]));

    const open = (reg.workItems || []).find((w) => w.status === "Open");
    field("open-item").replaceChildren(open
      ? el("div", { class: "status warn" }, el("strong", {}, words(open.reason)), el("p", {}, open.explanation), el("p", { class: "muted" }, "Suggested: " + open.suggestedAction))
      : el("p", { class: "muted" }, "No open work item."));
    field("resolutions").replaceChildren(...(open ? reg.resolutions : []).map((r) =>
      el("div", { class: "card-side" }, el("button", { type: "button", "data-action": r.action, class: r.action === "Close" ? "secondary" : null }, words(r.action)), el("p", { class: "muted" }, r.remedy))));
    field("resolutions").querySelectorAll("button").forEach((b) => b.addEventListener("click", () => resolve(b.dataset.action)));

    const cards = reg.cards || [];
    field("cards").replaceChildren(...(cards.length ? cards : []).map((c) => {
      const read = c.read;
      const typedOf = { payer: typed.payerName, payerId: typed.payerId, memberId: typed.memberId, groupNumber: typed.groupNumber, memberName: [p.name.given, p.name.family].join(" "), birthDate: p.birthDate };
      const findings = read ? read.findings.map((f) => f.field) : [];
      const rows = read ? read.fields.map((f) => {
        const typedValue = typedOf[f.field];
        const differs = findings.includes(f.field) || (typedValue && f.field !== "memberName" && norm(typedValue) !== norm(f.value));
        return el("tr", { class: differs ? "disagree" : null }, el("th", { scope: "row" }, words(f.field)), el("td", {}, f.value), el("td", {}, typedValue || "—"),
          el("td", {}, Math.round(f.confidence * 100) + "%"), el("td", {}, differs ? "⚠ differs" : ""));
      }) : [];
      return el("div", { class: "card-side" },
        el("h3", {}, (c.image.side === "front" ? "Front" : "Back") + " · " + when(c.image.receivedAt) + (read ? " · " + words(read.status) + (read.reasonCode ? " (" + words(read.reasonCode) + ")" : "") : " · reading")),
        c.imageUrl ? el("img", { class: "card", src: c.imageUrl, alt: "Insurance card, " + c.image.side + " (photo from the patient)" }) : null,
        rows.length ? el("div", { class: "table-wrap" }, el("table", {}, el("caption", { class: "muted" }, "Read from the card next to what was typed"),
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "On the card"), el("th", { scope: "col" }, "Typed"), el("th", { scope: "col" }, "Confidence"), el("th", { scope: "col" }, "Check"))),
          el("tbody", {}, rows))) : null,
        read && read.findings.length ? el("ul", {}, read.findings.map((f) => el("li", {}, words(f.field) + ": " + f.reason))) : null);
    }), ...(reg.refusedCards || []).map((r) => el("p", { class: "error" }, `${r.side} photo refused (${words(r.reasonCode)}) at ${when(r.at)}`)));
    if (!cards.length && !(reg.refusedCards || []).length) field("cards").replaceChildren(el("p", { class: "muted" }, "No card photo yet."));

    const e = reg.eligibility;
    field("eligibility").replaceChildren(...(e ? [
      el("dl", { class: "facts" }, facts([["Status", e.status], ["Payer", e.payerName], ["Plan", e.planName], ["Group", e.groupNumber],
        ["Coverage", [e.coverageStart, e.coverageEnd].filter(Boolean).join(" to ")], ["Checked", when(e.checkedAt)]])),
      e.benefits.length ? el("div", { class: "table-wrap" }, el("table", {}, el("caption", { class: "muted" }, "Benefits (271)"),
        el("thead", {}, el("tr", {}, ["Service", "Network", "Copay", "Coinsurance", "Deductible", "Remaining", "Out of pocket left"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, e.benefits.map((b) => el("tr", {}, el("td", {}, b.serviceTypeName), el("td", {}, b.network), el("td", {}, money(b.copay)),
          el("td", {}, b.coinsurancePercent === null || b.coinsurancePercent === undefined ? "—" : b.coinsurancePercent + "%"),
          el("td", {}, money(b.deductibleTotal)), el("td", {}, money(b.deductibleRemaining)), el("td", {}, money(b.outOfPocketRemaining))))))) : null,
      e.messages.length ? el("ul", {}, e.messages.map((m) => el("li", {}, m))) : null,
    ] : [el("p", { class: "muted" }, "Not checked yet.")]));

    const lines = reg.authorization;
    field("authorization").hidden = !lines;
    if (lines) {
      field("authorization").querySelector(".body").replaceChildren(el("div", { class: "table-wrap" }, el("table", {},
        el("caption", { class: "muted" }, "Prior authorization per service line"),
        el("thead", {}, el("tr", {}, ["Line", "Service", "State", "Why", "Payer reference", "Authorization number", "Approved", "Deadline", "Decided"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, lines.map((a) => el("tr", { "data-line": a.lineKey },
          el("td", {}, a.lineKey), el("td", {}, a.serviceCode),
          el("td", {}, words(a.state) + (a.settledBy === "Specialist" ? " (settled by a specialist)" : "")),
          el("td", {}, a.reason), el("td", {}, a.payerReference || "—"), el("td", {}, a.authorizationNumber || "—"),
          el("td", {}, [a.approvedFrom && a.approvedTo ? `${a.approvedFrom} to ${a.approvedTo}` : null,
            a.approvedUnits !== null && a.approvedUnits !== undefined ? `${a.approvedUnits} unit(s)` : null].filter(Boolean).join(", ") || "—"),
          el("td", {}, a.deadlineAt ? when(a.deadlineAt) : "—"), el("td", {}, a.decidedAt ? when(a.decidedAt) : "—")))))));
    }

    renderEstimate(reg.estimate);
    renderQuestions(reg.questions);

    const f = reg.followUp;
    field("followup").replaceChildren(f
      ? el("dl", { class: "facts" }, facts([["Waiting for", words(f.task)], ["Since", when(f.since)], ["Reminders sent", String(f.remindersSent)],
        ["Next reminder", f.nextReminderAt ? when(f.nextReminderAt) : "none"], ["Gave up", f.gaveUpAt ? when(f.gaveUpAt) : null]]))
      : el("p", { class: "muted" }, "Not waiting for the patient."));
    field("messages").replaceChildren(...(reg.messages.length ? [el("h3", {}, "Messages"), el("ul", {}, reg.messages.map((m) =>
      el("li", {}, `${when(m.createdUtc)} · ${m.channel} · ${words(m.purpose)} · ${m.status}`, el("br"), el("span", { class: "muted" }, m.text))))] : [el("p", { class: "muted" }, "No messages.")]));
    field("workitems").replaceChildren(...(reg.workItems.length ? [el("ul", {}, reg.workItems.map((w) =>
      el("li", {}, `${words(w.reason)} · ${w.status} · opened ${when(w.createdAt)}` + (w.resolvedBy ? ` · ${w.resolution || ""} by ${w.resolvedBy}` : ""))))] : [el("p", { class: "muted" }, "None.")]));
    field("timeline").replaceChildren(...reg.timeline.slice().sort((a, b) => new Date(a.at) - new Date(b.at)).map((a) =>
      el("li", {}, el("time", { datetime: a.at }, when(a.at)), ` · ${a.actor} · ${a.what || a.action || a.description || ""}`)));
    const busy = ["Received", "CardReceived", "CardRead", "EligibilityVerified", "AuthorizationPending", "Authorized"].includes(reg.stage) && !open;
    if (busy && !polling) polling = setInterval(load, 2000);
    if (!busy && polling) { clearInterval(polling); polling = null; }
  }

  // The conversation with the patient: questions (text, email, the patient page) and replies, each reply with how it
  // travels and its outbox state (held by quiet hours or a cap until a time, sent, not sent and why).
  function renderQuestions(q) {
    const messages = q ? q.messages : [];
    field("question-due").replaceChildren(q && q.awaitingSince
      ? el("span", { class: q.overdue ? "badge late" : "badge" }, `Waiting since ${when(q.awaitingSince)} · answer due ${when(q.dueAt)}` + (q.overdue ? " (overdue)" : ""))
      : el("span", { class: "muted" }, messages.length ? "Every question has a reply." : "No questions."));
    const delivery = { TextInMessage: "the words in the text", LinkOnly: "the patient's link only (the words are on the patient page)", PageOnly: "on the patient page only (no phone or email)" };
    const state = (m) => {
      if (!m.outboxStatus) return "";
      if (m.heldUntil) return ` · held until ${when(m.heldUntil)} (${words(m.heldBecause || "")})`;
      if (m.sentAt) return ` · sent ${when(m.sentAt)}`;
      if (m.notSentBecause) return ` · not sent (${words(m.notSentBecause)})`;
      return " · " + words(m.outboxStatus);
    };
    field("thread").replaceChildren(...messages.map((m) => el("li", { class: "msg " + (m.author === "Patient" ? "from-patient" : "from-clinic"), "data-id": m.id },
      el("p", { class: "who" }, m.author === "Patient"
        ? `Patient · ${words(m.channel)} · ${when(m.at)}`
        : `${m.specialist} · ${when(m.at)} · ${delivery[m.delivery] || ""}${state(m)}`),
      el("p", { class: "words" }, m.text))));
  }

  function newRequestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  let replyRequest = newRequestId();

  // The estimate as computed: the patient's total, each line's allowed amount and parts with their explanation and
  // sources (EB segments, price-file lines), the accumulators, what is missing, the assumptions, the Good Faith Estimate.
  function renderEstimate(r) {
    const section = field("estimate");
    section.hidden = !r;
    if (!r) return;
    const e = r.estimate;
    const g = r.goodFaithEstimate;
    const sources = (list) => (list || []).map((s) => `${words(s.kind)}: ${s.reference}`).join("; ");
    // replaceChildren prints a null as the text "null": the parts a registration has not got are left out first.
    section.querySelector(".body").replaceChildren(...[
      el("dl", { class: "facts" }, facts([["Kind", words(e.kind)], ["Status", words(e.status)], ["Patient total", e.total === null ? "not enough information" : money(e.total)],
        ["Payer", e.payerName], ["Plan", e.planName], ["Service date", e.serviceDate], ["Computed", when(r.computedAt)], ["Estimate id", r.estimateId]])),
      g ? el("dl", { class: "facts" }, facts([["Good Faith Estimate", g.id], ["Issued", g.issuedOn], ["Deliver by", g.deadline.dueBy || "no deadline (scheduled less than 3 business days ahead)"],
        ["Rule", g.deadline.rule], ["Expected charges", money(g.total)]])) : null,
      g ? el("p", { class: "gfe-links" },
        el("a", { href: `/api/console/registrations/${encodeURIComponent(id)}/good-faith-estimate?format=html`, target: "_blank", rel: "noopener" }, "Print the Good Faith Estimate"), " · ",
        el("a", { href: `/api/console/registrations/${encodeURIComponent(id)}/good-faith-estimate?format=pdf`, target: "_blank", rel: "noopener" }, "PDF")) : null,
      el("div", { class: "table-wrap" }, el("table", {}, el("caption", { class: "muted" }, "Per service line"),
        el("thead", {}, el("tr", {}, ["#", "Service", "Network", "Allowed", "Patient pays", "How"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, e.lines.map((l) => el("tr", {},
          el("td", {}, String(l.number)), el("td", {}, `${l.code.code}${l.description ? " " + l.description : ""}`), el("td", {}, words(l.network)),
          el("td", {}, money(l.allowed)), el("td", {}, money(l.patientPays)),
          el("td", {}, el("ul", { class: "steps" }, l.steps.map((st) => el("li", {}, `${words(st.kind)} ${money(st.amount)}: ${st.explanation}`,
            st.sources.length ? el("br") : null, st.sources.length ? el("span", { class: "muted" }, sources(st.sources)) : null)),
            l.missing.map((m) => el("li", { class: "error" }, "Missing: " + m))))))))),
      e.accumulators.length ? el("ul", {}, e.accumulators.map((a) => el("li", {}, `${a.name}: ${money(a.remainingBefore)} left before, ${money(a.remainingAfter)} after`))) : null,
      e.missing.length ? el("p", { class: "error" }, "Missing: " + e.missing.join("; ")) : null,
      e.assumptions.length ? el("ul", { class: "muted" }, e.assumptions.map((a) => el("li", {}, a))) : null,
      el("p", { class: "muted" }, e.rounding)].filter(Boolean));
  }

  async function load() {
    try { reg = await call("GET", "registrations/" + id); render(); } catch (e) { say("action-result", e.message, true); }
  }

  async function resolve(action) {
    const open = reg.workItems.find((w) => w.status === "Open");
    try {
      await call("POST", `registrations/${id}/resolution`, { action, workItemId: open && open.id });
      say("action-result", `Resolved with ${words(action)}.`);
      await load();
      if (!polling) polling = setInterval(load, 2000);
    } catch (e) { say("action-result", e.message, true); }
  }

  document.addEventListener("DOMContentLoaded", async () => {
    try { await whoAmI(); } catch (e) { return; }
    field("correction").addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = {};
      for (const input of event.target.querySelectorAll("input[name]")) if (input.value.trim()) body[input.name] = input.value.trim();
      try {
        reg = await call("POST", `registrations/${id}/correction`, body);
        render();
        say("correction-result", "Correction saved: " + Object.keys(body).join(", ") + ".");
        event.target.reset();
        field("c-continue").checked = true;
        const open = reg.workItems.find((w) => w.status === "Open");
        if (open && document.getElementById("c-continue").checked) await resolve("Continue");
      } catch (e) { say("correction-result", e.message, true); }
    });
    field("reply-text").addEventListener("input", () => {
      const n = field("reply-text").value.trim().length;
      field("reply-count").textContent = n ? `${n} characters` + (n > 120 ? " · likely too long for the text itself: the patient gets the link" : "") : "";
    });
    field("reply").addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = event.target.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        // One id per reply: a double click or a retry after a lost answer sends it once.
        const thread = await call("POST", `registrations/${id}/questions/reply`, { requestId: replyRequest, text: field("reply-text").value.trim() });
        replyRequest = newRequestId();
        field("reply-text").value = "";
        field("reply-count").textContent = "";
        if (reg) reg.questions = thread;
        renderQuestions(thread);
        say("reply-result", "Reply recorded.");
        await load();
      } catch (e) { say("reply-result", e.message, true); } finally { button.disabled = false; }
    });
    field("u-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      try {
        const target = await call("POST", `registrations/${id}/card-upload-url`, { side: field("u-side").value, contentType: file.type });
        await CardUpload.put(target.uploadUrl, file, field("u-progress"));
        say("upload-result", "Photo sent; it is being read.");
        if (!polling) polling = setInterval(load, 2000);
      } catch (e) { say("upload-result", e.message, true); }
      event.target.value = "";
    });
    field("resend").addEventListener("click", async () => {
      try {
        const link = await call("POST", `registrations/${id}/patient-link`);
        field("link-result").replaceChildren("New link (works until " + when(link.expiresAt) + "): ", el("a", { href: link.url, rel: "noreferrer" }, link.url), ". The patient's next reminder carries it.");
        field("link-result").className = "";
        await load();
      } catch (e) { say("link-result", e.message, true); }
    });
    field("revoke").addEventListener("click", async () => {
      try {
        const result = await call("DELETE", `registrations/${id}/patient-link`);
        say("link-result", `${result.revoked} link(s) revoked.`);
        await load();
      } catch (e) { say("link-result", e.message, true); }
    });
    await load();
  });
})();
