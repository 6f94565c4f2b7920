//! Clinic registration in the "Registrasi Fasyankes" application — seed 002 (juknis 2020).
//!
//! A menu of five sections, each returning to the menu:
//! 1. who validates the registration (by ownership: Pemerintah/PMDN -> Dinkes Kab/Kota, PMA ->
//!    Kemenkes; users always by the Dinkes Kab/Kota of the same regency/city);
//! 2. a check of the documents to upload (PDF of at most 2 MB; the PMA proof only for PMA);
//! 3. preparing the "Pendaftaran User" form (validated NIK, name, email, mobile, birth date and
//!    region), ending with a ready-to-copy text — pandu never asks for the password;
//! 4. the 10-step flow of section D with "where am I" tracking;
//! 5. the Dinkes Kab/Kota side: validating users and clinics, and who sees which data.

use crate::dialog::flow::{
    Act, FileRule, Flow, InputKind, Kind, Next, Opt, RegionLevel, Step, View,
};
use crate::dialog::state::Value;
use crate::m;

/// Memory key of the "where am I" tracker (shown in `/status`).
pub const TRACKER_MEMORY: &str = "clinic_step";

/// The documents of section D.3, in order: (field, label id). The last one is for PMA only.
const DOCS: [(&str, &str); 3] = [
    ("doc_letter", m!("clinic-field-doc-letter")),
    ("doc_permit", m!("clinic-field-doc-permit")),
    ("doc_pma", m!("clinic-field-doc-pma")),
];

pub static FLOW: Flow = Flow {
    id: "clinic",
    title: m!("clinic-title"),
    queue: crate::dialog::Queue::ClinicRegistration,
    total: 10,
    start: "menu",
    steps: &[
        Step {
            id: "menu",
            pos: 0,
            text: m!("clinic-menu"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "who",
                        label: m!("clinic-opt-who"),
                        next: Next::To("ownership"),
                    },
                    Opt {
                        value: "docs",
                        label: m!("clinic-opt-docs"),
                        next: Next::Decide(docs_entry),
                    },
                    Opt {
                        value: "form",
                        label: m!("clinic-opt-form"),
                        next: Next::To("form_intro"),
                    },
                    Opt {
                        value: "steps",
                        label: m!("clinic-opt-steps"),
                        next: Next::To("tracker"),
                    },
                    Opt {
                        value: "dinkes",
                        label: m!("clinic-opt-dinkes"),
                        next: Next::To("dinkes_menu"),
                    },
                    Opt {
                        value: "done",
                        label: m!("clinic-opt-finish"),
                        next: Next::End,
                    },
                ],
                save: Some("section"),
            },
        },
        // ----- 1. who validates -----
        Step {
            id: "ownership",
            pos: 0,
            text: m!("clinic-ask-ownership"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "gov",
                        label: m!("clinic-opt-own-gov"),
                        next: Next::Decide(after_ownership),
                    },
                    Opt {
                        value: "pmdn",
                        label: m!("clinic-opt-own-pmdn"),
                        next: Next::Decide(after_ownership),
                    },
                    Opt {
                        value: "pma",
                        label: m!("clinic-opt-own-pma"),
                        next: Next::Decide(after_ownership),
                    },
                ],
                save: Some("ownership"),
            },
        },
        Step {
            id: "who_answer",
            pos: 0,
            text: m!("clinic-who-answer"),
            vars: Some(ownership_vars),
            kind: Kind::Info {
                next: Next::To("menu"),
            },
        },
        // ----- 2. documents -----
        Step {
            id: "doc_intro",
            pos: 0,
            text: m!("clinic-doc-intro"),
            vars: Some(ownership_vars),
            kind: Kind::Info {
                next: Next::To("doc_letter"),
            },
        },
        Step {
            id: "doc_letter",
            pos: 0,
            text: m!("clinic-ask-doc-letter"),
            vars: None,
            kind: Kind::Upload {
                field: "doc_letter",
                label: m!("clinic-field-doc-letter"),
                rule: FileRule::Pdf2Mb,
                optional: true,
                next: Next::To("doc_permit"),
            },
        },
        Step {
            id: "doc_permit",
            pos: 0,
            text: m!("clinic-ask-doc-permit"),
            vars: None,
            kind: Kind::Upload {
                field: "doc_permit",
                label: m!("clinic-field-doc-permit"),
                rule: FileRule::Pdf2Mb,
                optional: true,
                next: Next::Decide(after_permit),
            },
        },
        Step {
            id: "doc_pma",
            pos: 0,
            text: m!("clinic-ask-doc-pma"),
            vars: None,
            kind: Kind::Upload {
                field: "doc_pma",
                label: m!("clinic-field-doc-pma"),
                rule: FileRule::Pdf2Mb,
                optional: true,
                next: Next::To("doc_result"),
            },
        },
        Step {
            id: "doc_result",
            pos: 0,
            text: m!("clinic-title"),
            vars: None,
            kind: Kind::Action { run: doc_result },
        },
        // ----- 3. user-registration form -----
        Step {
            id: "form_intro",
            pos: 1,
            text: m!("clinic-form-intro"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("nik"),
            },
        },
        Step {
            id: "nik",
            pos: 2,
            text: m!("clinic-ask-nik"),
            vars: None,
            kind: Kind::Input {
                field: "nik",
                label: m!("clinic-field-nik"),
                input: InputKind::Nik,
                next: Next::To("full_name"),
            },
        },
        Step {
            id: "full_name",
            pos: 3,
            text: m!("clinic-ask-name"),
            vars: None,
            kind: Kind::Input {
                field: "full_name",
                label: m!("clinic-field-name"),
                input: InputKind::PersonName,
                next: Next::To("email"),
            },
        },
        Step {
            id: "email",
            pos: 4,
            text: m!("clinic-ask-email"),
            vars: None,
            kind: Kind::Input {
                field: "email",
                label: m!("clinic-field-email"),
                input: InputKind::Email,
                next: Next::To("mobile"),
            },
        },
        Step {
            id: "mobile",
            pos: 5,
            text: m!("clinic-ask-mobile"),
            vars: None,
            kind: Kind::Input {
                field: "mobile",
                label: m!("clinic-field-mobile"),
                input: InputKind::Mobile,
                next: Next::To("birth_date"),
            },
        },
        Step {
            id: "birth_date",
            pos: 6,
            text: m!("clinic-ask-birth-date"),
            vars: None,
            kind: Kind::Input {
                field: "birth_date",
                label: m!("clinic-field-birth-date"),
                input: InputKind::BirthDate,
                next: Next::To("province"),
            },
        },
        Step {
            id: "province",
            pos: 7,
            text: m!("clinic-ask-province"),
            vars: None,
            kind: Kind::Region {
                field: "province",
                label: m!("clinic-field-province"),
                level: RegionLevel::Province,
                next: Next::Decide(after_region),
            },
        },
        Step {
            id: "regency",
            pos: 8,
            text: m!("clinic-ask-regency"),
            vars: None,
            kind: Kind::Region {
                field: "regency",
                label: m!("clinic-field-regency"),
                level: RegionLevel::Regency {
                    province_field: "province",
                },
                next: Next::Decide(after_region),
            },
        },
        Step {
            id: "district",
            pos: 9,
            text: m!("clinic-ask-district"),
            vars: None,
            kind: Kind::Region {
                field: "district",
                label: m!("clinic-field-district"),
                level: RegionLevel::District {
                    regency_field: "regency",
                },
                next: Next::Decide(after_region),
            },
        },
        Step {
            id: "review",
            pos: 10,
            text: m!("clinic-review"),
            vars: None,
            kind: Kind::Summary {
                fields: &[
                    "nik",
                    "full_name",
                    "email",
                    "mobile",
                    "birth_date",
                    "province",
                    "regency",
                    "district",
                ],
                confirm: m!("clinic-opt-make-text"),
                next: Next::To("form_text"),
            },
        },
        Step {
            id: "form_text",
            pos: 0,
            text: m!("clinic-title"),
            vars: None,
            kind: Kind::Action { run: form_text },
        },
        // ----- 4. the 10 steps, "where am I" -----
        Step {
            id: "tracker",
            pos: 0,
            text: m!("clinic-tracker-ask"),
            vars: None,
            kind: Kind::Tracker {
                items: &[
                    m!("clinic-track-1"),
                    m!("clinic-track-2"),
                    m!("clinic-track-3"),
                    m!("clinic-track-4"),
                    m!("clinic-track-5"),
                    m!("clinic-track-6"),
                    m!("clinic-track-7"),
                    m!("clinic-track-8"),
                    m!("clinic-track-9"),
                    m!("clinic-track-10"),
                ],
                memory: TRACKER_MEMORY,
                reply: m!("clinic-tracker-reply"),
                next: Next::To("track_detail"),
            },
        },
        Step {
            id: "track_detail",
            pos: 0,
            text: m!("clinic-track-detail"),
            vars: Some(tracker_vars),
            kind: Kind::Info {
                next: Next::To("menu"),
            },
        },
        // ----- 5. the Dinkes side -----
        Step {
            id: "dinkes_menu",
            pos: 0,
            text: m!("clinic-dinkes-menu"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "users",
                        label: m!("clinic-opt-dinkes-users"),
                        next: Next::To("dinkes_users"),
                    },
                    Opt {
                        value: "clinics",
                        label: m!("clinic-opt-dinkes-clinics"),
                        next: Next::To("dinkes_clinics"),
                    },
                    Opt {
                        value: "scope",
                        label: m!("clinic-opt-dinkes-scope"),
                        next: Next::To("dinkes_scope"),
                    },
                    Opt {
                        value: "back",
                        label: m!("clinic-opt-back-menu"),
                        next: Next::To("menu"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "dinkes_users",
            pos: 0,
            text: m!("clinic-dinkes-users"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("dinkes_menu"),
            },
        },
        Step {
            id: "dinkes_clinics",
            pos: 0,
            text: m!("clinic-dinkes-clinics"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("dinkes_menu"),
            },
        },
        Step {
            id: "dinkes_scope",
            pos: 0,
            text: m!("clinic-dinkes-scope"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("dinkes_menu"),
            },
        },
    ],
};

fn ownership_vars(v: &View) -> Vec<(&'static str, String)> {
    vec![(
        "ownership",
        v.text("ownership").unwrap_or("unknown").to_string(),
    )]
}

fn is_pma(v: &View) -> bool {
    v.text("ownership") == Some("pma")
}

/// The document check needs the ownership (the PMA proof depends on it): ask it first.
fn docs_entry(v: &View) -> &'static str {
    if v.text("ownership").is_some() {
        "doc_intro"
    } else {
        "ownership"
    }
}

/// The ownership question serves both the "who validates" answer and the document check.
fn after_ownership(v: &View) -> &'static str {
    if v.text("section") == Some("docs") {
        "doc_intro"
    } else {
        "who_answer"
    }
}

fn after_permit(v: &View) -> &'static str {
    if is_pma(v) { "doc_pma" } else { "doc_result" }
}

/// Province -> regency -> district -> summary, asking any level that is still empty (a new
/// province empties the regency and district chosen under the old one).
fn after_region(v: &View) -> &'static str {
    ["province", "regency", "district"]
        .into_iter()
        .find(|f| v.text(f).is_none())
        .unwrap_or("review")
}

fn tracker_vars(v: &View) -> Vec<(&'static str, String)> {
    let n = v
        .memory
        .get(TRACKER_MEMORY)
        .and_then(Value::as_num)
        .unwrap_or(1);
    vec![("step", format!("s{n}"))]
}

/// Which documents passed the check (PDF, at most 2 MB) and which are still missing.
fn doc_result(act: &mut Act) -> Next {
    let pma = is_pma(&act.view());
    if !pma {
        // Not needed without foreign investment: an upload from an earlier answer does not count.
        act.data.remove("doc_pma");
    }
    let needed = if pma { &DOCS[..] } else { &DOCS[..2] };
    let mut passed = Vec::new();
    let mut missing = Vec::new();
    for (field, label) in needed {
        match act.file_of(field) {
            Some(f) => {
                let name = f.name.clone().unwrap_or_default();
                let size = crate::dialog::files::human_size(f.size);
                passed.push(format!("✅ {} — {name} ({size})", act.t(label)));
            }
            None => missing.push(format!("⬜ {}", act.t(label))),
        }
    }
    let none = act.t(m!("clinic-doc-none"));
    let or_none = |v: Vec<String>| {
        if v.is_empty() {
            none.clone()
        } else {
            v.join("\n")
        }
    };
    let vars = [
        ("passed", or_none(passed)),
        ("missing", or_none(missing.clone())),
        (
            "complete",
            if missing.is_empty() { "yes" } else { "no" }.to_string(),
        ),
    ];
    let text = act.tv(m!("clinic-doc-result"), &vars);
    act.note(text);
    Next::To("menu")
}

/// The prepared values in the order of the "Pendaftaran User" form, ready to copy.
fn form_text(act: &mut Act) -> Next {
    let get = |f: &str| act.text(f).unwrap_or_default().to_string();
    let mobile = act.text("mobile").unwrap_or_default();
    let mobile = crate::validate::phone::parse_mobile(mobile)
        .map(|p| p.national_format())
        .unwrap_or_else(|_| mobile.to_string());
    let region = |f: &str, level: usize| {
        let code = act.text(f).unwrap_or_default();
        let r = act.regions;
        match level {
            0 => r.province(code).map(|p| p.name.clone()),
            1 => r.regency(code).map(|p| p.name.clone()),
            _ => r.district(code).map(|p| p.name.clone()),
        }
        .unwrap_or_default()
    };
    let vars = [
        ("email", get("email")),
        ("nik", get("nik")),
        ("name", get("full_name")),
        ("mobile", mobile),
        ("birth_date", get("birth_date")),
        ("province", region("province", 0)),
        ("regency", region("regency", 1)),
        ("district", region("district", 2)),
    ];
    let text = act.tv(m!("clinic-form-text"), &vars);
    act.message(text);
    let after = act.t(m!("clinic-form-after"));
    act.note(after);
    Next::To("menu")
}
