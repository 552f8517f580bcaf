// The worklist: open items with patient, visit, payer, reason, age and deadline; filters, search, order, paging and
// counts per reason. The filters live in the address, so a specialist can bookmark or share a view (no PHI in it
// unless they search by name).
"use strict";
(function () {
  const { call, el, visitTime, when, age, words, whoAmI } = window.Console;
  const reasons = ["CardNotReceived", "CardUnreadable", "CardDataMismatch", "MemberNotFound", "CoverageInactive", "EligibilityRejected", "AuthorizationAttention", "PatientUnresponsive"];
  const params = new URLSearchParams(location.search);
  const field = (id) => document.getElementById(id);

  function fromAddress() {
    for (const id of ["search", "from", "to"]) field(id).value = params.get(id) || "";
    field("sort").value = params.get("sort") || "Deadline";
  }

  function go(changes) {
    for (const [k, v] of Object.entries(changes)) { if (v) params.set(k, v); else params.delete(k); }
    if (!("page" in changes)) params.delete("page");
    history.replaceState(null, "", "?" + params.toString());
    load();
  }

  function options(select, values, chosen, all) {
    select.replaceChildren(el("option", { value: "" }, all), ...values.map((v) => el("option", { value: v, selected: v === chosen }, v)));
  }

  async function load() {
    const query = new URLSearchParams();
    for (const k of ["reason", "facility", "payer", "from", "to", "search", "sort", "page"]) if (params.get(k)) query.set(k, params.get(k));
    query.set("pageSize", "25");
    let page;
    try {
      page = await call("GET", "worklist?" + query.toString());
    } catch (e) {
      field("summary").textContent = e.message;
      field("summary").className = "error";
      return;
    }
    field("summary").className = "";
    const chosen = params.get("reason");
    const total = Object.values(page.countsByReason).reduce((a, b) => a + b, 0);
    field("reasons").replaceChildren(
      el("li", {}, el("button", { type: "button", "aria-pressed": String(!chosen), "data-reason": "" }, `All (${total})`)),
      ...reasons.filter((r) => page.countsByReason[r] || r === chosen).map((r) =>
        el("li", {}, el("button", { type: "button", "aria-pressed": String(r === chosen), "data-reason": r }, `${words(r)} (${page.countsByReason[r] || 0})`))));
    field("reasons").querySelectorAll("button").forEach((b) => b.addEventListener("click", () => go({ reason: b.dataset.reason })));
    options(field("facility"), page.facilities, params.get("facility"), "All facilities");
    options(field("payer"), page.payers, params.get("payer"), "All payers");
    const now = Date.now();
    field("items").querySelector("tbody").replaceChildren(...page.items.map((row) => el("tr", {},
      el("td", {}, el("a", { href: "/console/r/" + row.registrationId }, row.patient ? row.patient.name : row.registrationId)),
      el("td", {}, row.patient ? row.patient.birthDate : "—"),
      el("td", {}, row.visit ? [visitTime(row.visit.at, row.visit.timeZone), el("br"), el("span", { class: "muted" }, row.visit.facilityId)] : "—"),
      el("td", {}, row.payer || "—"),
      el("td", {}, words(row.reason), el("br"), el("span", { class: "muted" }, row.explanation)),
      el("td", {}, age(row.createdAt)),
      el("td", {}, el("span", { class: new Date(row.deadline).getTime() < now ? "badge late" : "badge" }, when(row.deadline))))));
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    field("summary").textContent = `${page.total} open item${page.total === 1 ? "" : "s"}`;
    field("page-of").textContent = `Page ${page.page} of ${pages}`;
    field("prev").disabled = page.page <= 1;
    field("next").disabled = page.page >= pages;
    field("prev").onclick = () => go({ page: String(page.page - 1) });
    field("next").onclick = () => go({ page: String(page.page + 1) });
  }

  // Patient questions waiting for an answer, the first due first (business hours in the clinic's zone), each with its
  // registration; answered from the registration's page. Texts from numbers we do not know are only counted.
  async function loadQuestions() {
    let list;
    try {
      list = await call("GET", "questions");
    } catch (e) {
      field("questions-summary").textContent = e.message;
      field("questions-summary").className = "error";
      return;
    }
    const now = Date.now();
    const hours = Math.round(list.targetBusinessHours * 10) / 10;
    field("questions-summary").className = "";
    field("questions-summary").textContent = list.open.length === 0
      ? "No question is waiting for an answer."
      : `${list.open.length} question${list.open.length === 1 ? "" : "s"} waiting, ${list.overdue} past the ${hours}-business-hour target.`;
    field("open-questions").querySelector("tbody").replaceChildren(...list.open.map((q) => el("tr", { "data-registration": q.registrationId },
      el("td", {}, el("a", { href: "/console/r/" + q.registrationId + "#questions" }, q.patientName), el("br"), el("span", { class: "muted" }, words(q.stage))),
      el("td", {}, visitTime(q.visitAt, q.visitTimeZone), el("br"), el("span", { class: "muted" }, q.facilityId)),
      el("td", {}, q.lastQuestion, q.unanswered > 1 ? el("span", { class: "muted" }, ` (${q.unanswered} messages)`) : null),
      el("td", {}, age(q.awaitingSince)),
      el("td", {}, el("span", { class: q.overdue || new Date(q.dueAt).getTime() < now ? "badge late" : "badge" }, when(q.dueAt))))));
    field("questions-unmatched").textContent = list.unmatched.count === 0 ? ""
      : `${list.unmatched.count} text${list.unmatched.count === 1 ? "" : "s"} from numbers no registration has since ${when(list.unmatched.since)}: ` +
        "neither the number nor the words are kept and the sender gets no answer; a patient who texts from a new number should call or use their link.";
  }

  document.addEventListener("DOMContentLoaded", async () => {
    fromAddress();
    field("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      go({ search: field("search").value.trim(), facility: field("facility").value, payer: field("payer").value, from: field("from").value, to: field("to").value, sort: field("sort").value });
    });
    for (const id of ["facility", "payer", "sort"]) field(id).addEventListener("change", () => field("filters").requestSubmit());
    try { await whoAmI(); } catch (e) { return; }
    loadQuestions();
    load();
  });
})();
