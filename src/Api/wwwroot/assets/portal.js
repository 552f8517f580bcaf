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
      estimateGfePrint: "Print your Good Faith Estimate", estimateGfePdf: "Save it as a PDF",
      estimateNote: "This is an estimate from your insurance benefits and our prices; your bill may differ. Questions? Call the clinic.",
      estimateGfeNote: "This Good Faith Estimate shows the charges expected for the care described; the actual charges may differ. If your bill is at least $400 more than this estimate, you can dispute it.",
      contactTitle: "How we contact you", sms: "Text messages (SMS)", email: "Email", language: "Language",
      noPhone: "We have no phone number for you.", noEmail: "We have no email address for you.",
      optOutHelp: "Turn both off to stop all messages. You can also reply STOP to a text.", save: "Save", saved: "Saved.",
      stateActionUploadCard: "Please send a photo of the front and back of your insurance card.",
      stateActionRetakeCard: "Please take a new photo of your insurance card (see below why).",
      stateActionConfirmInsurance: "Please check your insurance details with the clinic.",
      stateActionSignForms: "Please read and sign the forms for your visit (below).",
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
      questionsTitle: "Ask a question", questionsHelp: "Write to the clinic's team. We answer here within a few business hours and send you a message when we do. For anything urgent, call the clinic.",
      questionLabel: "Your question", questionSend: "Send", questionSending: "Sending…", questionSent: "Sent. We will answer here.",
      questionFailed: "Your question could not be sent: ", questionTooMany: "You have sent several questions in a short time. Please wait a while or call the clinic.",
      questionFull: "This conversation is full. Please call the clinic.", questionNone: "No messages yet.", questionYou: "You", questionClinic: "Clinic team",
      questionTooLong: "Please keep your question under 1,000 characters.",
      formsTitle: "Forms to sign", formsHelp: "Read each form to the end. To sign it, type your full name and confirm that you mean to sign.",
      formSigned: "Signed on ", formWithdrawn: "You withdrew your signature. Sign again if you agree now.", formView: "View the signed form (PDF)",
      formName: "Your full name", formForSomeone: "I am signing for the patient (parent, guardian or legal representative)",
      formRelationship: "Your relationship to the patient", formSign: "Sign", formSigning: "Signing…", formDone: "Signed. Thank you.",
      formWithdraw: "Withdraw my signature", formWithdrawSure: "Withdraw your signature on this form? The clinic will be told.",
      formFailed: "The form could not be signed: ", yes: "Yes", no: "No",
      msp: {
        blackLung: "Are you receiving benefits from the Federal Black Lung Program?",
        governmentResearch: "Is this care paid for by a government research program?",
        veteransAffairs: "Has the Department of Veterans Affairs (VA) authorized and agreed to pay for this care?",
        workRelated: "Is this illness or injury due to an accident or condition at work?",
        accidentWithNoFaultOrLiability: "Is this illness or injury due to another kind of accident (for example a car accident) where no-fault or liability insurance may pay?",
        basis: "Why do you have Medicare?", Age: "Age (65 or older)", Disability: "Disability", EndStageRenalDisease: "Kidney failure (end-stage renal disease)",
        patientCurrentlyEmployed: "Are you working now?",
        spouseOrFamilyCurrentlyEmployed: "Is your spouse (or, for disability, another family member) working now?",
        groupHealthPlanThroughCurrentEmployment: "Do you have group health plan coverage through your own or that person's current job?",
        employerHas20OrMoreEmployees: "Does that employer have 20 or more employees?",
        employerHas100OrMoreEmployees: "Does that employer have 100 or more employees?",
        esrdGroupHealthPlan: "Do you have any group health plan coverage (through any job, yours or a family member's)?",
        withinEsrdCoordinationPeriod: "Are you within the first 30 months of Medicare because of kidney failure?",
        esrdMedicareWasAlreadyPrimary: "Before kidney failure, did you already have Medicare as your main insurance because of age or disability?",
        planName: "Name of that health plan", memberId: "Member ID on that plan", groupNumber: "Group number (if any)",
      },
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
      estimateGfePrint: "Imprimir su estimado de buena fe (en inglés)", estimateGfePdf: "Guardarlo en PDF (en inglés)",
      estimateNote: "Este es un estimado según los beneficios de su seguro y nuestros precios; su factura puede ser diferente. ¿Preguntas? Llame a la clínica.",
      estimateGfeNote: "Este estimado de buena fe muestra los cargos esperados para la atención descrita; los cargos reales pueden ser diferentes. Si su factura supera este estimado en $400 o más, puede disputarla.",
      contactTitle: "Cómo le contactamos", sms: "Mensajes de texto (SMS)", email: "Correo electrónico", language: "Idioma",
      noPhone: "No tenemos su número de teléfono.", noEmail: "No tenemos su correo electrónico.",
      optOutHelp: "Desactive ambos para no recibir mensajes. También puede responder STOP a un texto.", save: "Guardar", saved: "Guardado.",
      stateActionUploadCard: "Envíe una foto del frente y del reverso de su tarjeta del seguro.",
      stateActionRetakeCard: "Tome una foto nueva de su tarjeta del seguro (vea abajo por qué).",
      stateActionConfirmInsurance: "Revise los datos de su seguro con la clínica.",
      stateActionSignForms: "Lea y firme los formularios de su cita (abajo).",
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
      formsTitle: "Formularios para firmar", formsHelp: "Lea cada formulario hasta el final. Para firmarlo, escriba su nombre completo y confirme que desea firmar.",
      formSigned: "Firmado el ", formWithdrawn: "Usted retiró su firma. Firme de nuevo si ahora está de acuerdo.", formView: "Ver el formulario firmado (PDF)",
      formName: "Su nombre completo", formForSomeone: "Firmo en nombre del paciente (padre, madre, tutor o representante legal)",
      formRelationship: "Su relación con el paciente", formSign: "Firmar", formSigning: "Firmando…", formDone: "Firmado. Gracias.",
      formWithdraw: "Retirar mi firma", formWithdrawSure: "¿Retirar su firma de este formulario? Se avisará a la clínica.",
      formFailed: "No se pudo firmar el formulario: ", yes: "Sí", no: "No",
      msp: {
        blackLung: "¿Recibe beneficios del Programa Federal de Neumoconiosis (Black Lung)?",
        governmentResearch: "¿Paga esta atención un programa de investigación del gobierno?",
        veteransAffairs: "¿El Departamento de Asuntos de Veteranos (VA) autorizó y aceptó pagar esta atención?",
        workRelated: "¿Esta enfermedad o lesión se debe a un accidente o condición en el trabajo?",
        accidentWithNoFaultOrLiability: "¿Esta enfermedad o lesión se debe a otro tipo de accidente (por ejemplo, de auto) en el que un seguro sin culpa o de responsabilidad civil podría pagar?",
        basis: "¿Por qué tiene Medicare?", Age: "Edad (65 años o más)", Disability: "Discapacidad", EndStageRenalDisease: "Insuficiencia renal (enfermedad renal en etapa terminal)",
        patientCurrentlyEmployed: "¿Trabaja usted ahora?",
        spouseOrFamilyCurrentlyEmployed: "¿Trabaja ahora su cónyuge (o, por discapacidad, otro familiar)?",
        groupHealthPlanThroughCurrentEmployment: "¿Tiene cobertura de un plan de salud de grupo por su trabajo actual o el de esa persona?",
        employerHas20OrMoreEmployees: "¿Tiene ese empleador 20 empleados o más?",
        employerHas100OrMoreEmployees: "¿Tiene ese empleador 100 empleados o más?",
        esrdGroupHealthPlan: "¿Tiene cobertura de algún plan de salud de grupo (por cualquier trabajo, suyo o de un familiar)?",
        withinEsrdCoordinationPeriod: "¿Está dentro de los primeros 30 meses de Medicare por insuficiencia renal?",
        esrdMedicareWasAlreadyPrimary: "Antes de la insuficiencia renal, ¿ya tenía Medicare como seguro principal por edad o discapacidad?",
        planName: "Nombre de ese plan de salud", memberId: "Número de miembro en ese plan", groupNumber: "Número de grupo (si tiene)",
      },
      help: "¿Preguntas? Llame a la clínica al ", expires: "Este enlace funciona hasta el ",
      questionsTitle: "Haga una pregunta", questionsHelp: "Escriba al equipo de la clínica. Respondemos aquí en pocas horas hábiles y le enviamos un mensaje cuando lo hacemos. Si es urgente, llame a la clínica.",
      questionLabel: "Su pregunta", questionSend: "Enviar", questionSending: "Enviando…", questionSent: "Enviada. Le responderemos aquí.",
      questionFailed: "No se pudo enviar su pregunta: ", questionTooMany: "Envió varias preguntas en poco tiempo. Espere un rato o llame a la clínica.",
      questionFull: "Esta conversación está llena. Llame a la clínica.", questionNone: "Todavía no hay mensajes.", questionYou: "Usted", questionClinic: "Equipo de la clínica",
      questionTooLong: "Escriba su pregunta en menos de 1,000 caracteres.",
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
    if (e.goodFaithEstimate) {
      body.append(make("p", null, t("estimateGfe") + e.goodFaithEstimate.id + t("estimateIssued") + e.goodFaithEstimate.issuedOn + "."));
      // The document itself (name, birth date, every item and the dispute notice), from this site only.
      const links = make("p", "gfe-links");
      const link = (format, key) => { const a = make("a", null, t(key)); a.href = api + "/good-faith-estimate?format=" + format; a.target = "_blank"; a.rel = "noreferrer noopener"; return a; };
      links.append(link("html", "estimateGfePrint"), " · ", link("pdf", "estimateGfePdf"));
      body.append(links);
    }
    body.append(make("p", "muted", e.goodFaithEstimate ? t("estimateGfeNote") : t("estimateNote")));
  }

  // The forms the visit needs, with the exact words the server keeps (version and hash), signed by typing a name and
  // stating intent (ESIGN/UETA); a signed form shows its date and the stored PDF, and can be withdrawn. Rendered only
  // when loaded (first, after a signature or withdrawal, after a language change), never by the polling, so nothing
  // the patient is typing is wiped.
  let forms = [];
  const mspCommon = ["blackLung", "governmentResearch", "veteransAffairs", "workRelated", "accidentWithNoFaultOrLiability"];
  const mspByBasis = {
    Age: ["patientCurrentlyEmployed", "spouseOrFamilyCurrentlyEmployed", "groupHealthPlanThroughCurrentEmployment", "employerHas20OrMoreEmployees"],
    Disability: ["patientCurrentlyEmployed", "spouseOrFamilyCurrentlyEmployed", "groupHealthPlanThroughCurrentEmployment", "employerHas100OrMoreEmployees"],
    EndStageRenalDisease: ["groupHealthPlanThroughCurrentEmployment", "withinEsrdCoordinationPeriod", "esrdMedicareWasAlreadyPrimary"],
  };

  const el = Dom.el;

  function newRequestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function yesNo(prefix, name, label) {
    const id = prefix + "-" + name;
    return el("fieldset", { class: "question", "data-q": name },
      el("legend", {}, label),
      el("div", { class: "choices" },
        el("label", { class: "check" }, el("input", { type: "radio", name: id, value: "yes", required: true }), " " + t("yes")),
        el("label", { class: "check" }, el("input", { type: "radio", name: id, value: "no" }), " " + t("no"))));
  }

  function mspFields(prefix) {
    const m = t("msp");
    const byBasis = el("div", { class: "msp-basis" });
    const plan = el("div", { class: "msp-plan" });
    const basis = el("fieldset", { class: "question", "data-q": "basis" }, el("legend", {}, m.basis),
      ...["Age", "Disability", "EndStageRenalDisease"].map((b) =>
        el("label", { class: "check" }, el("input", { type: "radio", name: prefix + "-basis", value: b, required: true }), " " + m[b])));
    const showPlan = (container) => {
      const coverage = container.querySelector(`input[name="${prefix}-groupHealthPlanThroughCurrentEmployment"]:checked`);
      plan.replaceChildren(...(coverage && coverage.value === "yes" ? [
        el("label", { for: prefix + "-planName" }, m.planName), el("input", { id: prefix + "-planName", name: "planName", required: true, maxlength: "60" }),
        el("label", { for: prefix + "-memberId" }, m.memberId), el("input", { id: prefix + "-memberId", name: "memberId", required: true, maxlength: "80" }),
        el("label", { for: prefix + "-groupNumber" }, m.groupNumber), el("input", { id: prefix + "-groupNumber", name: "groupNumber", maxlength: "50" }),
      ] : []));
    };
    basis.addEventListener("change", () => {
      const chosen = basis.querySelector("input:checked").value;
      // Only the chosen basis's questions are in the form, so the browser's checks ask for exactly those.
      byBasis.replaceChildren(...mspByBasis[chosen].map((q) =>
        yesNo(prefix, q, chosen === "EndStageRenalDisease" && q === "groupHealthPlanThroughCurrentEmployment" ? m.esrdGroupHealthPlan : m[q])));
      showPlan(byBasis);
    });
    byBasis.addEventListener("change", () => showPlan(byBasis));
    return el("div", { class: "msp" }, ...mspCommon.map((q) => yesNo(prefix, q, m[q])), basis, byBasis, plan);
  }

  function mspAnswers(form, prefix) {
    const answer = (q) => { const c = form.querySelector(`input[name="${prefix}-${q}"]:checked`); return c ? c.value === "yes" : null; };
    const basis = form.querySelector(`input[name="${prefix}-basis"]:checked`).value;
    const answers = { basis };
    for (const q of mspCommon) answers[q] = answer(q);
    for (const q of mspByBasis[basis]) answers[q] = answer(q);
    if (form.elements.planName) {
      answers.plan = { planName: form.elements.planName.value.trim(), memberId: form.elements.memberId.value.trim(), groupNumber: form.elements.groupNumber.value.trim() || null };
    }
    return answers;
  }

  function renderForms() {
    const section = $("#forms");
    section.hidden = forms.length === 0;
    const when = (at) => new Date(at).toLocaleDateString(lang === "es" ? "es-US" : "en-US", { dateStyle: "long" });
    section.querySelector(".body").replaceChildren(...forms.map((form) => {
      const prefix = "form-" + form.kind;
      const head = el("h3", { id: prefix + "-h" }, form.title);
      if (form.state === "InForce") {
        const withdraw = el("button", { type: "button", class: "link" }, t("formWithdraw"));
        withdraw.addEventListener("click", () => withdrawForm(form));
        return el("article", { class: "form", "data-kind": form.kind, "aria-labelledby": prefix + "-h" }, head,
          el("p", { class: "ok-text" }, "✓ " + t("formSigned") + when(form.signedAt)),
          el("p", {}, el("a", { href: api + "/forms/" + form.kind + "/document", target: "_blank", rel: "noreferrer noopener" }, t("formView"))),
          el("p", {}, withdraw));
      }
      const rep = el("input", { type: "checkbox", name: "rep" });
      const relationship = el("div", { hidden: true },
        el("label", { for: prefix + "-rel" }, t("formRelationship")), el("input", { id: prefix + "-rel", name: "relationship", maxlength: "60" }));
      rep.addEventListener("change", () => { relationship.hidden = !rep.checked; relationship.querySelector("input").required = rep.checked; });
      const out = el("p", { role: "status", "aria-live": "polite" });
      const f = el("form", {},
        form.kind === "MedicareSecondaryPayer" ? mspFields(prefix) : null,
        el("label", { for: prefix + "-name" }, t("formName")),
        el("input", { id: prefix + "-name", name: "signer", autocomplete: "name", required: true, maxlength: "120" }),
        el("label", { class: "check" }, rep, " " + t("formForSomeone")),
        relationship,
        el("label", { class: "check" }, el("input", { type: "checkbox", name: "intent", required: true }), " " + form.intent),
        el("button", { type: "submit" }, t("formSign")),
        out);
      const node = el("article", { class: "form", "data-kind": form.kind, "data-request": newRequestId(), "aria-labelledby": prefix + "-h" }, head,
        form.state === "Withdrawn" ? el("p", { class: "muted" }, t("formWithdrawn")) : null,
        el("div", { class: "form-text", tabindex: "0", role: "region", "aria-label": form.title, lang: form.language }, form.text),
        f);
      f.addEventListener("submit", (event) => { event.preventDefault(); signForm(form, node, f, out); });
      return node;
    }));
  }

  async function loadForms() {
    try { forms = await call("GET", "/forms"); } catch (e) { if (e.message !== "expired") console.warn("forms failed"); return; }
    renderForms();
  }

  async function signForm(form, node, f, out) {
    const button = f.querySelector("button[type=submit]");
    const representative = f.elements.rep.checked;
    const body = {
      // One id per attempt: a double tap or a retry after a lost answer records one signature.
      requestId: node.dataset.request, templateVersion: form.version, language: form.language,
      signerName: f.elements.signer.value.trim(), role: representative ? "Representative" : "Patient",
      representativeRelationship: representative ? f.elements.relationship.value.trim() : null, intentConfirmed: f.elements.intent.checked,
    };
    if (form.kind === "MedicareSecondaryPayer") body.msp = mspAnswers(f, "form-" + form.kind);
    button.disabled = true;
    out.className = "";
    out.textContent = t("formSigning");
    try {
      await call("POST", "/forms/" + form.kind + "/signature", body);
      out.textContent = t("formDone");
      await loadForms();
      await refresh();
    } catch (e) {
      if (e.message === "expired") return;
      const fields = e.problem && e.problem.errors ? Object.keys(e.problem.errors).join(", ") : "";
      out.textContent = t("formFailed") + (fields || e.message);
      out.className = "error";
      button.disabled = false;
    }
  }

  async function withdrawForm(form) {
    if (!window.confirm(t("formWithdrawSure"))) return;
    try {
      await call("POST", "/forms/" + form.kind + "/withdrawal", {});
      await loadForms();
      await refresh();
    } catch (e) { if (e.message !== "expired") console.warn("withdrawal failed"); }
  }

  // The conversation with the clinic: the patient's questions and the team's answers (who on the team is not shown), and a
  // box to ask. Loaded with the page, after asking and after a language change; never by the card polling, so a question
  // being typed is not wiped.
  let questions = null;
  let questionRequest = newRequestId();

  function renderQuestions() {
    const section = $("#questions");
    section.hidden = !questions;
    if (!questions) return;
    const when = (at) => new Date(at).toLocaleString(lang === "es" ? "es-US" : "en-US", { dateStyle: "medium", timeStyle: "short" });
    const list = $("#question-list");
    list.replaceChildren(...questions.messages.map((m) =>
      el("li", { class: "msg " + (m.author === "Patient" ? "from-patient" : "from-clinic") },
        el("p", { class: "who" }, (m.author === "Patient" ? t("questionYou") : t("questionClinic")) + " · " + when(m.at)),
        el("p", { class: "words" }, m.text))));
    $("#question-none").hidden = questions.messages.length > 0;
    $("#question-form").hidden = questions.full;
    $("#question-full").hidden = !questions.full;
    $("#question-text").maxLength = questions.maxLength;
  }

  async function loadQuestions() {
    try { questions = await call("GET", "/questions"); } catch (e) { if (e.message !== "expired") console.warn("questions failed"); return; }
    renderQuestions();
  }

  async function ask(event) {
    event.preventDefault();
    const box = $("#question-text");
    const out = $("#question-result");
    const button = $("#question-form button[type=submit]");
    const words = box.value.trim();
    if (!words) { box.focus(); return; }
    if (words.length > 1000) { out.textContent = t("questionTooLong"); out.className = "error"; return; }
    button.disabled = true;
    out.className = "";
    out.textContent = t("questionSending");
    try {
      // One id per question: a double tap or a retry after a lost answer records it once.
      questions = await call("POST", "/questions", { requestId: questionRequest, text: words });
      questionRequest = newRequestId();
      box.value = "";
      renderQuestions();
      out.textContent = t("questionSent");
    } catch (e) {
      if (e.message === "expired") return;
      const fields = e.problem && e.problem.errors ? Object.keys(e.problem.errors).join(", ") : "";
      out.textContent = e.problem && e.problem.status === 429 ? t("questionTooMany") : t("questionFailed") + (fields || e.message);
      out.className = "error";
    } finally {
      button.disabled = false;
    }
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
        await loadForms();
        renderQuestions();
        out.textContent = t("saved");
      } catch (e) {
        if (e.message !== "expired") { out.textContent = e.message; out.className = "error"; }
      }
    });
    $("#question-form").addEventListener("submit", ask);
    refresh().then(loadForms).then(loadQuestions);
  });
})();
