#!/usr/bin/env python3
"""Writes the 271 corpus and, beside each file, the values a correct reader must report (.expected.json).

The files are rendered here, independently of the C# writer, so the corpus tests do not test the writer against
itself. Per-service benefit values are derived with the X279A1 rules (EB01 A/B/C/G/F, EB02 IND/FAM, EB06 29/33
remaining, EB11, EB12); status, dates, plan and group are stated by hand per scenario.
Run: python3 generate.py (from this folder). Deterministic.
"""
import json

LEVEL = {"IND": "Individual", "EMP": "Individual", "FAM": "Family"}
NETWORK = {"Y": "InNetwork", "N": "OutOfNetwork", "W": "Both"}
KIND_OF = {"A": "coinsurance", "B": "copays", "C": "deductibles", "G": "outOfPocket", "F": "limitations"}


def eb(code, level=None, st=None, ins=None, desc=None, period=None, amount=None, percent=None, qq=None, qty=None,
       auth=None, net=None, msgs=(), aaa=(), dates=(), ls=(), hsd=(), iii=(), refs=()):
    return dict(code=code, level=level, st=list(st or []), ins=ins, desc=desc, period=period, amount=amount, percent=percent,
                qq=qq, qty=qty, auth=auth, net=net, msgs=list(msgs), aaa=list(aaa), dates=list(dates), ls=list(ls),
                hsd=list(hsd), iii=list(iii), refs=list(refs))


def member(mid=None, last="DOE", first="JANE", dob="19800101", gender="F", aaa=(), refs=(), dates=(), benefits=(),
           dependents=(), trace="TRACE-1", expect=None, ins=None, extra=()):
    return dict(mid=mid, last=last, first=first, dob=dob, gender=gender, aaa=list(aaa), refs=list(refs), dates=list(dates),
                benefits=list(benefits), dependents=list(dependents), trace=trace, expect=expect or {}, ins=ins, extra=list(extra))


def tx(subscribers, payer_aaa_level=(), payer_aaa=(), provider_aaa=(), payer="ACME HEALTH", payer_id="60054", control="0001"):
    return dict(subscribers=subscribers, payer_aaa_level=list(payer_aaa_level), payer_aaa=list(payer_aaa),
                provider_aaa=list(provider_aaa), payer=payer, payer_id=payer_id, control=control)


class Renderer:
    def __init__(self, e="*", r="^", c=":", s="~", nl="", lower=False):
        self.e, self.r, self.c, self.s, self.nl, self.lower = e, r, c, s, nl, lower

    def seg(self, sid, *elements):
        els = list(elements)
        while els and (els[-1] is None or els[-1] == ""):
            els.pop()
        text = (sid.lower() if self.lower and sid not in ("ISA", "IEA", "GS", "GE") else sid)
        for v in els:
            text += self.e + ("" if v is None else str(v))
        return text + self.s + self.nl

    def isa(self, control):
        rep = self.r if self.r else "U"
        fields = ["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "CLEARINGHOUSE".ljust(15), "ZZ", "PATIENTACCESS".ljust(15),
                  "260301", "0930", rep, "00501", str(control).zfill(9), "0", "T", self.c]
        text = self.e.join(fields) + self.s
        assert len(text) == 106, len(text)
        return text + self.nl


def render(scn):
    r = Renderer(**scn.get("delims", {}))
    out = [r.isa(scn.get("isa_control", 101))]
    for gi, group in enumerate(scn["groups"]):
        gctl = str(gi + 1)
        out.append(r.seg("GS", "HB", "CLEARINGHOUSE", "PATIENTACCESS", "20260301", "0930", gctl, "X", "005010X279A1"))
        for ti, t in enumerate(group):
            segs = []
            ctl = t["control"] if t["control"] != "0001" else str(1000 + gi * 10 + ti)
            segs.append(r.seg("ST", "271", ctl, "005010X279A1"))
            segs.append(r.seg("BHT", "0022", "11", "REF" + ctl, "20260301", "0930"))
            hl = 0
            hl += 1
            segs.append(r.seg("HL", hl, "", "20", 1))
            for a in t["payer_aaa_level"]:
                segs.append(r.seg("AAA", *a))
            segs.append(r.seg("NM1", "PR", "2", t["payer"], "", "", "", "", "PI", t["payer_id"]))
            for a in t["payer_aaa"]:
                segs.append(r.seg("AAA", *a))
            src = hl
            hl += 1
            segs.append(r.seg("HL", hl, src, "21", 1))
            segs.append(r.seg("NM1", "1P", "2", "GENERAL HOSPITAL", "", "", "", "", "XX", "1234567893"))
            for a in t["provider_aaa"]:
                segs.append(r.seg("AAA", *a))
            rcv = hl
            for sub in t["subscribers"]:
                hl += 1
                sub_id = hl
                segs.extend(render_member(r, sub, hl, rcv, "22", "IL"))
                for dep in sub["dependents"]:
                    hl += 1
                    segs.extend(render_member(r, dep, hl, sub_id, "23", "03"))
            segs.append(r.seg("SE", len(segs) + 1, ctl))
            out.extend(segs)
        out.append(r.seg("GE", len(group), gctl))
    out.append(r.seg("IEA", len(scn["groups"]), str(scn.get("isa_control", 101)).zfill(9)))
    return "".join(out)


def render_member(r, m, hl, parent, code, entity):
    segs = [r.seg("HL", hl, parent, code, 1 if m["dependents"] else 0)]
    if m["trace"]:
        segs.append(r.seg("TRN", "2", m["trace"], "9877281234"))
    segs.append(r.seg("NM1", entity, "1", m["last"], m["first"], "", "", "", "MI" if m["mid"] else "", m["mid"] or ""))
    for q, v, *d in m["refs"]:
        segs.append(r.seg("REF", q, v, *(d or [])))
    for a in m["aaa"]:
        segs.append(r.seg("AAA", *a))
    if m["dob"]:
        segs.append(r.seg("DMG", "D8", m["dob"], m["gender"]))
    if m["ins"]:
        segs.append(r.seg("INS", *m["ins"]))
    for q, f, v in m["dates"]:
        segs.append(r.seg("DTP", q, f, v))
    for x in m["extra"]:
        segs.append(r.seg(*x))
    for b in m["benefits"]:
        rep = r.r if r.r else None
        st = (rep.join(b["st"]) if rep else (b["st"][0] if b["st"] else ""))
        segs.append(r.seg("EB", b["code"], b["level"], st, b["ins"], b["desc"], b["period"], b["amount"], b["percent"],
                          b["qq"], b["qty"], b["auth"], b["net"]))
        for h in b["hsd"]:
            segs.append(r.seg("HSD", *h))
        for q, v in b["refs"]:
            segs.append(r.seg("REF", q, v))
        for q, f, v in b["dates"]:
            segs.append(r.seg("DTP", q, f, v))
        for a in b["aaa"]:
            segs.append(r.seg("AAA", *a))
        for msg in b["msgs"]:
            segs.append(r.seg("MSG", msg))
        for i in b["iii"]:
            segs.append(r.seg("III", *i))
        if b["ls"]:
            segs.append(r.seg("LS", "2120"))
            for ent in b["ls"]:
                segs.append(r.seg("NM1", *ent["nm1"]))
                for p in ent.get("per", []):
                    segs.append(r.seg("PER", *p))
            segs.append(r.seg("LE", "2120"))
    return segs


def num(v):
    if v is None:
        return None
    f = float(v)
    return int(f) if f == int(f) else f


def expected(scn):
    members, issues = [], []
    for gi, group in enumerate(scn["groups"]):
        for ti, t in enumerate(group):
            index = sum(len(g) for g in scn["groups"][:gi]) + ti
            top = []
            for a in t["payer_aaa_level"] + t["payer_aaa"]:
                top.append(issue(index, "Payer", a))
            for a in t["provider_aaa"]:
                top.append(issue(index, "Provider", a))
            issues.extend(top)
            for sub in t["subscribers"]:
                for m, dep in [(sub, False)] + [(d, True) for d in sub["dependents"]]:
                    mi = [issue(index, "Dependent" if dep else "Subscriber", a) for a in m["aaa"]]
                    for b in m["benefits"]:
                        mi += [issue(index, "Benefit", a) for a in b["aaa"]]
                    issues.extend(mi)
                    members.append(member_expected(index, m, dep, bool(mi), bool(top), sub["mid"]))
    return {"transactions": sum(len(g) for g in scn["groups"]), "members": members, "issues": issues}


def issue(index, location, a):
    return {"transaction": index, "location": location, "code": a[2], "followUp": a[3] if len(a) > 3 else None}


def member_expected(index, m, dep, has_issues, top_issues, subscriber_id):
    codes = [b["code"].upper() for b in m["benefits"]]
    if any(c in ("1", "2", "3", "4", "5") for c in codes):
        status = "Active"
    elif any(c in ("6", "7", "8") for c in codes):
        status = "Inactive"
    elif has_issues or top_issues:
        status = "Rejected"
    else:
        status = "Unknown"
    services = {}
    order = []
    for b in m["benefits"]:
        for st in (b["st"] or ["30"]):
            key = next((k for k in order if k.upper() == st.upper()), None)
            if key is None:
                key = st
                order.append(st)
                services[key] = {"covered": None, "authRequired": None, "copays": [], "coinsurance": [], "deductibles": [],
                                 "outOfPocket": [], "limitations": [], "messages": []}
            s = services[key]
            s["messages"] += b["msgs"]
            auth = {"Y": True, "N": False}.get((b["auth"] or "").upper())
            if auth is True or (auth is False and s["authRequired"] is None):
                s["authRequired"] = auth
            c = b["code"].upper()
            if c in ("1", "2", "3", "4", "5"):
                s["covered"] = True
            elif c in ("6", "7", "8", "I"):
                if s["covered"] is None:
                    s["covered"] = False
            elif c in KIND_OF:
                lvl = (b["level"] or "").upper()
                s[KIND_OF[c]].append({
                    "amount": num(b["amount"]), "percent": num(b["percent"]), "quantity": num(b["qty"]),
                    "level": "NotSpecified" if not lvl else LEVEL.get(lvl, "Other"),
                    "network": "NotSpecified" if not b["net"] else NETWORK.get(b["net"].upper(), "Unknown"),
                    "kind": "Remaining" if b["period"] in ("29", "33") else "Total",
                })
    # A dependent without its own id is known by the subscriber's id.
    e = {"transaction": index, "dependent": dep, "memberId": m["mid"] or (subscriber_id if dep else None), "status": status, "services": services}
    e.update(m["expect"])
    return e


# ---------------------------------------------------------------- scenarios
PPO = [
    eb("1", "FAM", ["30"], "PR", "GOLD PPO 500", dates=[("346", "D8", "20260101")]),
    eb("B", "IND", ["98"], "PR", None, "27", "25", net="Y"),
    eb("B", "IND", ["98"], "PR", None, "27", "60", net="N"),
    eb("C", "IND", ["30"], "PR", None, "23", "500", net="Y"),
    eb("C", "IND", ["30"], "PR", None, "29", "125.5", net="Y"),
    eb("C", "FAM", ["30"], "PR", None, "23", "1500", net="Y"),
    eb("C", "FAM", ["30"], "PR", None, "29", "900", net="Y"),
    eb("C", "IND", ["30"], "PR", None, "23", "1000", net="N"),
    eb("G", "IND", ["30"], "PR", None, "23", "3000", net="Y"),
    eb("G", "IND", ["30"], "PR", None, "29", "2750", net="Y"),
    eb("A", "IND", ["30"], "PR", None, "27", None, "0.2", net="Y"),
    eb("A", "IND", ["30"], "PR", None, "27", None, ".4", net="N"),
]
PPO_EXPECT = {"coverageStart": "2026-01-01", "coverageEnd": None, "planName": "GOLD PPO 500", "groupNumber": "GRP100"}
GROUP = [("6P", "GRP100", "ACME WIDGETS")]
AAA = lambda code, fu="C", valid="N": (valid, "", code, fu)

S = []


def add(name, groups, **kw):
    S.append(dict(name=name, groups=groups, **kw))


add("01-active-ppo-star", [[tx([member("M100", refs=GROUP, benefits=PPO, expect=PPO_EXPECT)])]])
add("02-active-ppo-pipe-crlf", [[tx([member("M100", refs=GROUP, benefits=PPO, expect=PPO_EXPECT)])]],
    delims=dict(e="|", r="^", c=":", s="~", nl="\r\n"))
add("03-active-ppo-bang-lf", [[tx([member("M100", refs=GROUP, benefits=PPO, expect=PPO_EXPECT)])]],
    delims=dict(e="!", r="^", c=">", s="~", nl="\n"))
add("04-newline-terminator", [[tx([member("M100", refs=GROUP, benefits=PPO, expect=PPO_EXPECT)])]],
    delims=dict(e="*", r="^", c=":", s="\n"))
add("05-inactive-with-end-date", [[tx([member("M200", dates=[("346", "D8", "20250101"), ("347", "D8", "20251231")],
    benefits=[eb("6", "IND", ["30"], msgs=["COVERAGE TERMINATED"])],
    expect={"coverageStart": "2025-01-01", "coverageEnd": "2025-12-31", "planName": None})])]])
add("06-dependent-coverage", [[tx([member("M300", last="SMITH", first="JOHN", trace=None, dependents=[
    member(None, last="SMITH", first="MARY", dob="20120304", ins=("N", "19"), trace="TRACE-DEP",
           benefits=[eb("1", "FAM", ["30"], "HM", "FAMILY HMO"), eb("B", "IND", ["98"], amount="15", period="27", net="Y")],
           dates=[("356", "D8", "20240101")],
           expect={"planName": "FAMILY HMO", "coverageStart": "2024-01-01"})],
    expect={"status": "Unknown"})])]])
add("07-hmo-pcp-ls-le", [[tx([member("M400", benefits=[
    eb("1", "IND", ["30"], "HM", "HMO SILVER"),
    eb("L", ls=[{"nm1": ("P3", "1", "WELBY", "MARCUS", "", "", "", "XX", "1098765432")}]),
    eb("B", "IND", ["98"], "HM", None, "27", "20", net="Y", auth="N"),
    eb("I", None, ["98"], net="N", msgs=["OUT OF NETWORK NOT COVERED"]),
], expect={"planName": "HMO SILVER", "pcp": "MARCUS WELBY"})])]])
add("08-payer-unavailable-42", [[tx([member("M500", expect={"status": "Rejected"})], payer_aaa_level=[AAA("42", "P", "Y")])]])
add("09-payer-2100a-79", [[tx([member("M500", expect={"status": "Rejected"})], payer_aaa=[AAA("79", "R", "N")])]])
add("10-provider-43", [[tx([member("M500", expect={"status": "Rejected"})], provider_aaa=[AAA("43", "C")])]])
add("11-subscriber-not-found-75", [[tx([member("M600", aaa=[AAA("75", "C", "Y")])])]])
add("12-subscriber-invalid-id-72", [[tx([member("M601", aaa=[AAA("72", "C", "Y")])])]])
add("13-subscriber-name-73", [[tx([member("M602", aaa=[AAA("73", "C", "Y")])])]])
add("14-dependent-not-found-67", [[tx([member("M700", trace=None, dependents=[member(None, first="TIM", aaa=[AAA("67", "C", "Y")])],
    benefits=[eb("1", "FAM", ["30"], desc="PPO")], expect={"planName": "PPO"})])]])
add("15-dependent-name-65", [[tx([member("M701", trace=None, dependents=[member(None, first="TOM", aaa=[AAA("65", "C", "Y")])])])]])
add("16-benefit-level-aaa", [[tx([member("M800", benefits=[
    eb("1", "IND", ["30"], desc="PLAN X"),
    eb("V", None, ["62"], aaa=[AAA("AG", "C", "N")]),
], expect={"planName": "PLAN X"})])]])
add("17-multiple-eb-per-service", [[tx([member("M900", benefits=[
    eb("1", "IND", ["30", "98", "UC", "86"], desc="CHOICE PLUS"),
    eb("B", "IND", ["98"], None, "PRIMARY CARE", "27", "20", net="Y"),
    eb("B", "IND", ["98"], None, "SPECIALIST", "27", "45", net="Y"),
    eb("B", "IND", ["98"], None, None, "27", "90", net="N"),
    eb("A", "IND", ["98"], None, None, None, None, "0", net="Y"),
    eb("A", "IND", ["98"], None, None, None, None, "0.3", net="N"),
    eb("B", "IND", ["UC"], None, None, "27", "75", net="W"),
    eb("B", "IND", ["86"], None, None, "27", "250", net="W", msgs=["WAIVED IF ADMITTED"]),
], expect={"planName": "CHOICE PLUS"})])]])
add("18-three-st-in-one-gs", [[
    tx([member("A1", trace="T1", benefits=[eb("1", "IND", ["30"], desc="P1")], expect={"planName": "P1"})]),
    tx([member("A2", trace="T2", benefits=[eb("6", "IND", ["30"])])]),
    tx([member("A3", trace="T3", aaa=[AAA("75", "C", "Y")])]),
]])
add("19-two-gs-in-one-isa", [
    [tx([member("B1", benefits=[eb("1", "IND", ["30"], desc="G1")], expect={"planName": "G1"})])],
    [tx([member("B2", benefits=[eb("1", "IND", ["30"], desc="G2")], expect={"planName": "G2"})]),
     tx([member("B3", benefits=[eb("6", "IND", ["30"])])])],
])
add("20-lowercase-mix", [[tx([member("m1000", last="o'neil", first="sean", benefits=[
    eb("1", "ind", ["30"], desc="Silver Plan"),
    eb("b", "ind", ["98"], period="27", amount="30", net="y"),
    eb("c", "fam", ["30"], period="29", amount="800", net="y"),
], expect={"planName": "Silver Plan"})])]], delims=dict(lower=True, nl="\n"))
add("21-unknown-codes-kept", [[tx([member("M1100", benefits=[
    eb("1", "IND", ["30"], desc="ODD PLAN"),
    eb("ZZ", "XYZ", ["Q9"], amount="12", net="Q"),
    eb("B", "XYZ", ["Q9"], amount="12", net="Q", period="27"),
], extra=[("NTE", "ADD", "FREE TEXT")], aaa=[AAA("Q1", "Z", "Y")], expect={"planName": "ODD PLAN"})])]])
add("22-auth-required", [[tx([member("M1200", benefits=[
    eb("1", "IND", ["30", "62", "98"], desc="AUTH PLAN"),
    eb("C", "IND", ["62"], auth="Y", net="Y", period="23", amount="0"),
    eb("B", "IND", ["98"], auth="N", net="Y", period="27", amount="10"),
], expect={"planName": "AUTH PLAN"})])]])
add("23-no-repetition-separator", [[tx([member("M1300", benefits=[
    eb("1", "IND", ["30"], desc="BASIC"), eb("B", "IND", ["98"], period="27", amount="35", net="Y"),
], expect={"planName": "BASIC"})])]], delims=dict(r=""))
add("24-many-service-types", [[tx([member("M1400", benefits=[
    eb("1", "IND", ["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC", "30", "4", "5", "48", "50", "A4", "A6", "AD", "AE", "BG"], desc="WIDE"),
    eb("B", "IND", ["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"], "HM", "WIDE", "27", "10", net="Y"),
], expect={"planName": "WIDE"})])]])
add("25-contact-other-entity", [[tx([member("M1500", benefits=[
    eb("1", "IND", ["30"], desc="CARVE OUT"),
    eb("U", None, ["AL"], ls=[{"nm1": ("PR", "2", "VISION BENEFITS CO", "", "", "", "", "PI", "VSP01"), "per": [("IC", "", "TE", "8005551234")]}]),
    eb("R", None, ["88"], ls=[{"nm1": ("PRP", "2", "RX BENEFITS", "", "", "", "", "PI", "RX01")}]),
], expect={"planName": "CARVE OUT"})])]])
add("26-limitations-hsd-iii", [[tx([member("M1600", benefits=[
    eb("1", "IND", ["30"], desc="THERAPY PLAN"),
    eb("F", "IND", ["AE"], qq="VS", qty="20", period="23", hsd=[("VS", "20", "", "", "22", "1")], iii=[("ZZ", "11")]),
    eb("F", "IND", ["AE"], qq="VS", qty="12", period="29"),
], expect={"planName": "THERAPY PLAN"})])]])
add("27-medicare-parts", [[tx([member("1EG4TE5MK73", dates=[("307", "RD8", "20200101-20261231")], benefits=[
    eb("1", None, ["30"], "MA", dates=[("307", "D8", "20200101")]),
    eb("1", None, ["30"], "MB", dates=[("307", "D8", "20200101")]),
    eb("C", "IND", ["30"], "MB", None, "29", "257", dates=[("292", "RD8", "20260101-20261231")]),
    eb("A", "IND", ["30"], "MB", None, "27", None, "0.2"),
], expect={"coverageStart": "2020-01-01", "coverageEnd": "2026-12-31", "planName": None, "groupNumber": None})])]])
add("28-coinsurance-both-networks", [[tx([member("M1800", benefits=[
    eb("1", "IND", ["30"], desc="COINS"),
    eb("A", "IND", ["50", "48"], period="27", percent="0.1", net="W"),
    eb("A", "FAM", ["48"], period="27", percent="0.15", net="U"),
], expect={"planName": "COINS"})])]])
add("29-lifetime-remaining", [[tx([member("M1900", benefits=[
    eb("1", "IND", ["30"], desc="LIFETIME"),
    eb("G", "IND", ["30"], period="32", amount="1000000"),
    eb("G", "IND", ["30"], period="33", amount="987654.32"),
], expect={"planName": "LIFETIME"})])]])
add("30-plan-level-without-eb03", [[tx([member("M2000", benefits=[
    eb("1", "IND", [], desc="NO EB03 PLAN"),
    eb("C", "IND", [], period="23", amount="2000", net="Y"),
    eb("C", "IND", [], period="29", amount="1999.99", net="Y"),
], expect={"planName": "NO EB03 PLAN"})])]])
add("31-follow-up-codes", [[
    tx([member("F1", aaa=[AAA("72", "N")])]), tx([member("F2", aaa=[AAA("58", "W")])]),
    tx([member("F3", aaa=[AAA("71", "X")])]), tx([member("F4", aaa=[AAA("76", "Y")])]),
    tx([member("F5", aaa=[AAA("62", "S")])]), tx([member("F6", aaa=[AAA("63", "R")])]),
    tx([member("F7", aaa=[AAA("80", "P", "Y")])]),
]])
add("32-two-subscribers-one-provider", [[tx([
    member("S1", trace="TA", benefits=[eb("1", "IND", ["30"], desc="P")], expect={"planName": "P"}),
    member("S2", trace="TB", benefits=[eb("6", "IND", ["30"])]),
])]])
add("33-family-two-dependents", [[tx([member("M2100", trace=None, refs=[("6P", "G9", "BIG CO"), ("18", "PL77", "PLAN SEVENTY SEVEN")],
    benefits=[eb("1", "FAM", ["30"], "PR")], dependents=[
        member(None, first="ANN", dob="20100101", ins=("N", "19"), trace="D1", benefits=[eb("1", "IND", ["30"]), eb("B", "IND", ["98"], period="27", amount="5", net="Y")]),
        member(None, first="BEN", dob="20120101", ins=("N", "19"), trace="D2", benefits=[eb("6", "IND", ["30"])]),
    ], expect={"planName": "PLAN SEVENTY SEVEN", "groupNumber": "G9"})])]])
add("34-pipe-caret-tilde-dependent-aaa-and-benefits", [[tx([member("M2200", trace=None, dependents=[
    member(None, first="ZOE", trace="DZ", aaa=[AAA("71", "C", "Y")], benefits=[eb("1", "IND", ["30"], desc="Z PLAN")], expect={"planName": "Z PLAN"}),
])])]], delims=dict(e="|", r="^", c=":", s="~", nl="\n"))


def main():
    for scn in S:
        text = render(scn)
        with open(scn["name"] + ".x12", "w", newline="") as f:
            f.write(text)
        with open(scn["name"] + ".expected.json", "w") as f:
            json.dump(expected(scn), f, indent=1, sort_keys=True)
            f.write("\n")
    print(len(S), "files")


if __name__ == "__main__":
    main()
