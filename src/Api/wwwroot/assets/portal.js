// The patient page behind every message link (/portal/c/<token>). The token in the address is the only key; it is sent
// to this site's /api/portal/... operations and nowhere else (no referrer, no third party). English and Spanish.
"use strict";
(function () {
  const text = {
    en: {
      skip: "Skip to content", loading: "Loading…", yourVisit: "Your visit", visitTitle: "When and where", when: "When", where: "Where",
      expiredTitle: "This link has expired",
      expiredBody: "For your privacy, links stop working a few days after the visit, or when the clinic replaced them.",
      expiredHow: "Use the link in the newest message we sent you, or call the clinic and ask for a new link.",
      cardTitle: "Your insurance card",
      cardHelp: "Take a photo of the front and the back: lay the card on a dark, flat surface, fill the photo with it, no flash.",
      front: "Front", back: "Back", pickFront: "Photo of the front", pickBack: "Photo of the back",
      cardsClosed: "We do not need card photos for this visit any more.",
      authTitle: "Approval from your insurance", estimateTitle: "Your cost estimate",
      authService: "Service ", authNotNeeded: "no approval needed.", authApproved: "approved by your insurance.",
      authWaiting: "we asked your insurance and are waiting for its answer.", authCallUs: "our team is working on it; please call us.",
      authValid: " Valid ", authTo: " to ",
      estimateTotal: "What you can expect to pay: ", estimateService: "Service", estimateYouPay: "You pay",
      estimatePending: "We could not estimate everything yet; our team is looking into it and will contact you.",
      estimateGfe: "Good Faith Estimate ", estimateIssued: ", issued ",
      estimateNote: "This is an estimate from your insurance benefits and our prices; your bill may differ. Questions? Call the clinic.",
      estimateGfeNote: "This Good Faith Estimate shows the charges expected for the care described; the actual charges may differ. If your bill is at least $400 more than this estimate, you can dispute it.",
      contactTitle: "How we contact you", sms: "Text messages (SMS)", email: "Email", language: "Language",
      noPhone: "We have no phone number for you.", noEmail: "We have no email address for you.",
      optOutHelp: "Turn both off to stop all messages. You can also reply STOP to a text.", save: "Save", saved: "Saved.",
      stateActionUploadCard: "Please send a photo of the front and back of your insurance card.",
      stateActionRetakeCard: "Please take a new photo of your insurance card (see below why).",
      stateActionConfirmCoverage: "Please check your insurance details with the clinic.",
      stateInReview: "Thank you. We are checking your insurance; there is nothing you need to do now.",
      stateAllSet: "You are all set: your insurance is verified. See you at your visit.",
      stateClosed: "Please call the clinic about your visit.",
      uploading: "Sending your photo…", reading: "We received your photo and are reading it…",
      read: "We read your card. Thank you.", checking: "We read your card; someone on our team is checking a detail.",
      retake: "Please retake this photo: ", sendFailed: "The photo could not be sent. Check your connection and try again.",
      notImage: "Please choose a JPEG or PNG photo.", tooBig: "This photo is larger than 10 MB. Take it again with a lower resolution.",
      reasons: {
        NoTextFound: "we could not read any text. Hold the phone steady, fill the photo with the card and avoid glare.",
        TooSmall: "the photo is too small. Move closer so the card fills the photo.",
        Empty: "the file was empty.", TooLarge: "the file is too large (10 MB at most).", UnsupportedFormat: "send a JPEG or PNG photo.",
        Corrupt: "the file could not be opened.", DimensionsTooLarge: "the photo is too large; take it at a lower resolution.",
        InvalidDimensions: "the file could not be opened.", DecompressionBomb: "the file could not be opened.", TooManyPages: "send a single photo.",
        Unreadable: "the card could not be read. Make sure it is in focus, well lit and not cut off.",
      },
      help: "Questions? Call the clinic at ", expires: "This link works until ",
    },
    es: {
      skip: "Ir al contenido", loading: "Cargando…", yourVisit: "Su cita", visitTitle: "Cuándo y dónde", when: "Cuándo", where: "Dónde",
      expiredTitle: "Este enlace ha caducado",
      expiredBody: "Por su privacidad, los enlaces dejan de funcionar unos días después de la cita o cuando la clínica los reemplaza.",
      expiredHow: "Use el enlace del mensaje más reciente que le enviamos, o llame a la clínica y pida un enlace nuevo.",
      cardTitle: "Su tarjeta del seguro",
      cardHelp: "Tome una foto del frente y del reverso: ponga la tarjeta sobre una superficie oscura y plana, que llene la foto, sin flash.",
      front: "Frente", back: "Reverso", pickFront: "Foto del frente", pickBack: "Foto del reverso",
      cardsClosed: "Ya no necesitamos fotos de la tarjeta para esta cita.",
      authTitle: "Aprobación de su seguro", estimateTitle: "Estimado de su costo",
      authService: "Servicio ", authNotNeeded: "no necesita aprobación.", authApproved: "aprobado por su seguro.",
      authWaiting: "le preguntamos a su seguro y esperamos su respuesta.", authCallUs: "nuestro equipo está trabajando en esto; llámenos.",
      authValid: " Válido del ", authTo: " al ",
      estimateTotal: "Lo que puede esperar pagar: ", estimateService: "Servicio", estimateYouPay: "Usted paga",
      estimatePending: "Todavía no pudimos estimar todo; nuestro equipo lo está revisando y le contactará.",
      estimateGfe: "Estimado de buena fe ", estimateIssued: ", emitido el ",
      estimateNote: "Este es un estimado según los beneficios de su seguro y nuestros precios; su factura puede ser diferente. ¿Preguntas? Llame a la clínica.",
      estimateGfeNote: "Este estimado de buena fe muestra los cargos esperados para la atención descrita; los cargos reales pueden ser diferentes. Si su factura supera este estimado en $400 o más, puede disputarla.",
      contactTitle: "Cómo le contactamos", sms: "Mensajes de texto (SMS)", email: "Correo electrónico", language: "Idioma",
      noPhone: "No tenemos su número de teléfono.", noEmail: "No tenemos su correo electrónico.",
      optOutHelp: "Desactive ambos para no recibir mensajes. También puede responder STOP a un texto.", save: "Guardar", saved: "Guardado.",
      stateActionUploadCard: "Envíe una foto del frente y del reverso de su tarjeta del seguro.",
      stateActionRetakeCard: "Tome una foto nueva de su tarjeta del seguro (vea abajo por qué).",
      stateActionConfirmCoverage: "Revise los datos de su seguro con la clínica.",
      stateInReview: "Gracias. Estamos revisando su seguro; no necesita hacer nada ahora.",
      stateAllSet: "Todo listo: su seguro está verificado. Le esperamos en su cita.",
      stateClosed: "Llame a la clínica sobre su cita.",
      uploading: "Enviando su foto…", reading: "Recibimos su foto y la estamos leyendo…",
      read: "Leímos su tarjeta. Gracias.", checking: "Leímos su tarjeta; alguien de nuestro equipo está revisando un dato.",
      retake: "Tome esta foto otra vez: ", sendFailed: "No se pudo enviar la foto. Revise su conexión e inténtelo de nuevo.",
      notImage: "Elija una foto JPEG o PNG.", tooBig: "La foto pesa más de 10 MB. Tómela de nuevo con menor resolución.",
      reasons: {
        NoTextFound: "no pudimos leer ningún texto. Sostenga el teléfono firme, que la tarjeta llene la foto y evite reflejos.",
        TooSmall: "la foto es muy pequeña. Acérquese para que la tarjeta llene la foto.",
        Empty: "el archivo estaba vacío.", TooLarge: "el archivo es muy grande (10 MB como máximo).", UnsupportedFormat: "envíe una foto JPEG o PNG.",
        Corrupt: "no se pudo abrir el archivo.", DimensionsTooLarge: "la foto es muy grande; tómela con menor resolución.",
        InvalidDimensions: "no se pudo abrir el archivo.", DecompressionBomb: "no se pudo abrir el archivo.", TooManyPages: "envíe una sola foto.",
        Unreadable: "no se pudo leer la tarjeta. Asegúrese de que esté enfocada, bien iluminada y completa.",
      },
      help: "¿Preguntas? Llame a la clínica al ", expires: "Este enlace funciona hasta el ",
    },
  };
  const maxBytes = 10 * 1024 * 1024;
  const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const api = "/api/portal/" + encodeURIComponent(token);
  let lang = (navigator.language || "en").toLowerCase().startsWith("es") ? "es" : "en";
  let view = null;
  let polling = null;
  // Sides whose photo was sent and whose new result the page has not seen yet: the card intake records a photo a
  // moment after the upload, so the page keeps polling (and says "reading") until the side's record changes, at most
  // two minutes.
  const awaited = new Map();

  function stillAwaited(side, card) {
    const wait = awaited.get(side);
    if (!wait) return false;
    if ((card ? card.at : null) !== wait.before || Date.now() > wait.until) { awaited.delete(side); return false; }
    return true;
  }
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => text[lang][key] || text.en[key] || key;

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.title = t("yourVisit");
  }

  function showExpired() {
    applyLanguage();
    $("#loading").hidden = true;
    $("#page").hidden = true;
    $("#expired").hidden = false;
    document.title = t("expiredTitle");
  }

  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
      credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
    });
    if (response.status === 410 || response.status === 404) { showExpired(); throw new Error("expired"); }
    const json = await response.json().catch(() => null);
    if (!response.ok) { const e = new Error((json && (json.detail || json.title)) || response.statusText); e.problem = json; throw e; }
    return json;
  }

  function render() {
    lang = view.contact.language === "es" ? "es" : "en";
    applyLanguage();
    $("#loading").hidden = true;
    $("#expired").hidden = true;
    $("#page").hidden = false;
    const at = new Date(view.visit.at);
    let when;
    try {
      when = new Intl.DateTimeFormat(lang === "es" ? "es-US" : "en-US", { dateStyle: "full", timeStyle: "short", timeZone: view.visit.timeZone }).format(at);
    } catch (e) {
      when = at.toLocaleString(lang);
    }
    $("#visit-when").textContent = when;
    $("#visit-where").textContent = view.visit.clinic;
    $("#clinic").textContent = view.visit.clinic;
    const state = $("#state");
    const key = view.state === "ActionNeeded" ? "stateAction" + (view.task || "UploadCard") : "state" + view.state;
    state.textContent = t(key);
    state.className = "status " + ({ ActionNeeded: "warn", InReview: "info", AllSet: "ok", Closed: "bad" })[view.state];
    document.querySelectorAll(".card-side").forEach((el) => {
      const side = el.dataset.side;
      const card = (view.cards || []).find((c) => c.side === side);
      const result = el.querySelector(".result");
      result.className = "result";
      if (stillAwaited(side, card)) { result.textContent = t("reading"); }
      else if (!card) { result.textContent = ""; }
      else if (card.status === "Reading") { result.textContent = t("reading"); }
      else if (card.status === "Read") { result.textContent = "✓ " + t("read"); result.classList.add("ok-text"); }
      else if (card.status === "Checking") { result.textContent = t("checking"); }
      else { result.textContent = t("retake") + (text[lang].reasons[card.reason] || text[lang].reasons.Unreadable); result.classList.add("error"); }
      el.querySelector("input[type=file]").disabled = !view.acceptsCards;
    });
    $("#cards-closed").hidden = view.acceptsCards;
    // Prior authorization in plain words: each service of the visit by its number, no codes.
    const auth = $("#authorization");
    auth.hidden = !view.authorization;
    if (view.authorization) {
      const day = (d) => new Date(d + "T12:00:00Z").toLocaleDateString(lang === "es" ? "es-US" : "en-US", { dateStyle: "long", timeZone: "UTC" });
      const list = document.createElement("ul");
      for (const a of view.authorization) {
        const li = document.createElement("li");
        li.textContent = t("authService") + a.service + ": " + t("auth" + a.state) +
          (a.validFrom && a.validTo ? t("authValid") + day(a.validFrom) + t("authTo") + day(a.validTo) + "." : "");
        list.appendChild(li);
      }
      auth.querySelector(".body").replaceChildren(list);
    }
    renderEstimate(view.estimate);
    for (const channel of ["sms", "email"]) {
      const box = $("#" + channel);
      box.checked = view.contact[channel].on;
      box.disabled = !view.contact[channel].available;
      $("#" + channel + "-none").hidden = view.contact[channel].available;
    }
    $("#language").value = lang;
    const until = new Date(view.linkExpiresAt).toLocaleDateString(lang === "es" ? "es-US" : "en-US", { dateStyle: "long" });
    $("#help").textContent = (view.helpPhone ? t("help") + view.helpPhone + ". " : "") + t("expires") + until + ".";
    const reading = awaited.size > 0 || (view.cards || []).some((c) => c.status === "Reading");
    if (reading && !polling) polling = setInterval(refresh, 2000);
    if (!reading && polling) { clearInterval(polling); polling = null; }
  }

  // The patient's estimate in plain words: what each service costs them and the total, in their language; the amount is
  // only here, never in a text or email.
  function renderEstimate(e) {
    const section = $("#estimate");
    section.hidden = !e;
    if (!e) return;
    const money = (v) => (v === null || v === undefined ? "—" : Number(v).toLocaleString(lang === "es" ? "es-US" : "en-US", { style: "currency", currency: "USD" }));
    const make = (tag, cls, content) => { const n = document.createElement(tag); if (cls) n.className = cls; if (content !== undefined) n.textContent = content; return n; };
    const body = section.querySelector(".body");
    body.replaceChildren();
    body.append(make("p", "estimate-total", e.total === null ? t("estimatePending") : t("estimateTotal") + money(e.total)));
    const table = make("table");
    const head = make("tr");
    head.append(make("th", null, t("estimateService")), make("th", null, t("estimateYouPay")));
    head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
    table.append(make("thead"), make("tbody"));
    table.tHead.append(head);
    for (const line of e.lines) {
      const row = make("tr");
      row.append(make("td", null, line.description || line.code), make("td", null, money(line.patientPays)));
      table.tBodies[0].append(row);
    }
    body.append(table);
    if (e.goodFaithEstimate) body.append(make("p", null, t("estimateGfe") + e.goodFaithEstimate.id + t("estimateIssued") + e.goodFaithEstimate.issuedOn + "."));
    body.append(make("p", "muted", e.goodFaithEstimate ? t("estimateGfeNote") : t("estimateNote")));
  }

  async function refresh() {
    try { view = await call("GET", ""); render(); } catch (e) { if (e.message !== "expired") console.warn("refresh failed"); }
  }

  async function upload(side, input) {
    const file = input.files && input.files[0];
    const el = input.closest(".card-side");
    const result = el.querySelector(".result");
    const progress = el.querySelector("progress");
    if (!file) return;
    if (file.type !== "image/jpeg" && file.type !== "image/png") { result.textContent = t("notImage"); result.className = "result error"; return; }
    if (file.size > maxBytes) { result.textContent = t("tooBig"); result.className = "result error"; return; }
    input.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    result.className = "result";
    result.textContent = t("uploading");
    try {
      const before = ((view && view.cards) || []).find((c) => c.side === side);
      const target = await call("POST", "/card-upload-url", { side, contentType: file.type });
      await CardUpload.put(target.uploadUrl, file, progress);
      awaited.set(side, { before: before ? before.at : null, until: Date.now() + 120000 });
      progress.value = 100;
      result.textContent = t("reading");
      await refresh();
      if (!polling) polling = setInterval(refresh, 2000);
    } catch (e) {
      if (e.message !== "expired") { result.textContent = t("sendFailed"); result.className = "result error"; }
    } finally {
      input.value = "";
      input.disabled = !(view && view.acceptsCards);
      setTimeout(() => { progress.hidden = true; }, 1500);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyLanguage();
    if (!/^[A-Za-z0-9_-]{22}$/.test(token)) { showExpired(); return; }
    document.querySelectorAll(".card-side input[type=file]").forEach((input) =>
      input.addEventListener("change", () => upload(input.closest(".card-side").dataset.side, input)));
    $("#contact").addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = $("#contact-result");
      out.className = "";
      try {
        const change = { language: $("#language").value };
        if (view.contact.sms.available) change.sms = $("#sms").checked;
        if (view.contact.email.available) change.email = $("#email").checked;
        view = await call("PUT", "/contact", change);
        render();
        out.textContent = t("saved");
      } catch (e) {
        if (e.message !== "expired") { out.textContent = e.message; out.className = "error"; }
      }
    });
    refresh();
  });
})();
