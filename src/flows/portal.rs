//! SATUSEHAT portal account and institution registration for a health facility — seed 000.
//!
//! Guides one step per message: the "Buat Akun" form, a password self-check (the bot never asks for
//! the password: it asks yes/no questions about the portal's rule and names what is missing), the
//! activation e-mail, "Registrasi Institusi", the four supporting documents (a checklist remembered
//! in `memory` under [`DOCS_MEMORY`]), the RME-vendor step, the final validation form (after it the
//! data can no longer be changed), waiting for verification and the "Akses kode API" page, whose
//! codes go to the facility's RME vendor only.

use crate::dialog::flow::{Act, Flow, Kind, MsgId, Next, Opt, Step, Vars, View};
use crate::dialog::state::Value;
use crate::m;

/// Memory key of the supporting-documents checklist (shared across flows and sessions).
pub const DOCS_MEMORY: &str = "portal_docs";

/// The four supporting documents of "Registrasi Institusi", in the seed's order.
pub static DOCS: &[MsgId] = &[
    m!("portal-doc-izin"),
    m!("portal-doc-pakta"),
    m!("portal-doc-kuasa"),
    m!("portal-doc-mou"),
];

/// The password self-check: the field that stores each yes/no answer and the name of the part of
/// the rule it checks.
static PW_CHECKS: &[(&str, MsgId)] = &[
    ("pw_length", m!("portal-pw-part-length")),
    ("pw_upper", m!("portal-pw-part-upper")),
    ("pw_lower", m!("portal-pw-part-lower")),
    ("pw_digit", m!("portal-pw-part-digit")),
    ("pw_same", m!("portal-pw-part-same")),
];

pub static FLOW: Flow = Flow {
    id: "portal",
    title: m!("portal-title"),
    queue: crate::dialog::Queue::SatusehatOnboarding,
    total: 12,
    start: "start",
    steps: &[
        Step {
            id: "start",
            pos: 0,
            text: m!("portal-start"),
            vars: Some(start_vars),
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "account",
                        label: m!("portal-opt-from-start"),
                        next: Next::To("account_open"),
                    },
                    Opt {
                        value: "institution",
                        label: m!("portal-opt-institution"),
                        next: Next::To("institution"),
                    },
                    Opt {
                        value: "docs",
                        label: m!("portal-opt-docs"),
                        next: Next::To("docs"),
                    },
                    Opt {
                        value: "wait",
                        label: m!("portal-opt-wait"),
                        next: Next::To("wait"),
                    },
                    Opt {
                        value: "api",
                        label: m!("portal-opt-api"),
                        next: Next::To("api"),
                    },
                ],
                save: None,
            },
        },
        // ----- 1. the account -----
        Step {
            id: "account_open",
            pos: 1,
            text: m!("portal-account-open"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("account_form"),
            },
        },
        Step {
            id: "account_form",
            pos: 2,
            text: m!("portal-account-form"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("pw_rule"),
            },
        },
        Step {
            id: "pw_rule",
            pos: 3,
            text: m!("portal-pw-rule"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "check",
                        label: m!("portal-opt-pw-check"),
                        next: Next::To("pw_length"),
                    },
                    Opt {
                        value: "skip",
                        label: m!("portal-opt-pw-skip"),
                        next: Next::To("create"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "pw_length",
            pos: 3,
            text: m!("portal-pw-ask-length"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-yes"),
                        next: Next::To("pw_upper"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-no"),
                        next: Next::To("pw_upper"),
                    },
                ],
                save: Some("pw_length"),
            },
        },
        Step {
            id: "pw_upper",
            pos: 3,
            text: m!("portal-pw-ask-upper"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-yes"),
                        next: Next::To("pw_lower"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-no"),
                        next: Next::To("pw_lower"),
                    },
                ],
                save: Some("pw_upper"),
            },
        },
        Step {
            id: "pw_lower",
            pos: 3,
            text: m!("portal-pw-ask-lower"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-yes"),
                        next: Next::To("pw_digit"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-no"),
                        next: Next::To("pw_digit"),
                    },
                ],
                save: Some("pw_lower"),
            },
        },
        Step {
            id: "pw_digit",
            pos: 3,
            text: m!("portal-pw-ask-digit"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-yes"),
                        next: Next::To("pw_same"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-no"),
                        next: Next::To("pw_same"),
                    },
                ],
                save: Some("pw_digit"),
            },
        },
        Step {
            id: "pw_same",
            pos: 3,
            text: m!("portal-pw-ask-same"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-yes"),
                        next: Next::To("pw_check"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-no"),
                        next: Next::To("pw_check"),
                    },
                ],
                save: Some("pw_same"),
            },
        },
        Step {
            id: "pw_check",
            pos: 0,
            text: m!("portal-title"),
            vars: None,
            kind: Kind::Action { run: pw_check },
        },
        Step {
            id: "pw_retry",
            pos: 3,
            text: m!("portal-pw-retry"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "again",
                        label: m!("portal-opt-pw-again"),
                        next: Next::To("pw_length"),
                    },
                    Opt {
                        value: "continue",
                        label: m!("portal-opt-continue"),
                        next: Next::To("create"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "create",
            pos: 4,
            text: m!("portal-create"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("activate"),
            },
        },
        Step {
            id: "activate",
            pos: 5,
            text: m!("portal-activate"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "ok",
                        label: m!("portal-opt-activated"),
                        next: Next::To("institution"),
                    },
                    Opt {
                        value: "button",
                        label: m!("portal-opt-button-failed"),
                        next: Next::To("activate_fix"),
                    },
                    Opt {
                        value: "no_mail",
                        label: m!("portal-opt-no-mail"),
                        next: Next::To("activate_no_mail"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "activate_fix",
            pos: 5,
            text: m!("portal-activate-fix"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("activate"),
            },
        },
        Step {
            id: "activate_no_mail",
            pos: 5,
            text: m!("portal-activate-no-mail"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("activate"),
            },
        },
        // ----- 2. the institution -----
        Step {
            id: "institution",
            pos: 6,
            text: m!("portal-institution"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("docs"),
            },
        },
        Step {
            id: "docs",
            pos: 7,
            text: m!("portal-docs"),
            vars: None,
            kind: Kind::Checklist {
                items: DOCS,
                memory: DOCS_MEMORY,
                next: Next::To("docs_check"),
            },
        },
        Step {
            id: "docs_check",
            pos: 0,
            text: m!("portal-title"),
            vars: None,
            kind: Kind::Action { run: docs_check },
        },
        Step {
            id: "docs_missing",
            pos: 7,
            text: m!("portal-docs-missing"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "continue",
                        label: m!("portal-opt-continue-anyway"),
                        next: Next::To("rme"),
                    },
                    Opt {
                        value: "later",
                        label: m!("portal-opt-later"),
                        next: Next::To("docs_later"),
                    },
                    Opt {
                        value: "list",
                        label: m!("portal-opt-back-to-list"),
                        next: Next::To("docs"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "docs_later",
            pos: 0,
            text: m!("portal-title"),
            vars: None,
            kind: Kind::Action { run: docs_later },
        },
        Step {
            id: "rme",
            pos: 8,
            text: m!("portal-rme"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("send"),
            },
        },
        Step {
            id: "send",
            pos: 9,
            text: m!("portal-send"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("final_check"),
            },
        },
        Step {
            id: "final_check",
            pos: 10,
            text: m!("portal-final-check"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-checked"),
                        next: Next::To("wait"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-not-checked"),
                        next: Next::To("final_review"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "final_review",
            pos: 10,
            text: m!("portal-final-review"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("final_check"),
            },
        },
        // ----- 3. verification and the API codes -----
        Step {
            id: "wait",
            pos: 11,
            text: m!("portal-wait"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("portal-opt-verified"),
                        next: Next::To("api"),
                    },
                    Opt {
                        value: "no",
                        label: m!("portal-opt-not-yet"),
                        next: Next::To("wait_later"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "wait_later",
            pos: 0,
            text: m!("portal-title"),
            vars: None,
            kind: Kind::Action { run: wait_later },
        },
        Step {
            id: "api",
            pos: 12,
            text: m!("portal-api"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("api_vendor"),
            },
        },
        Step {
            id: "api_vendor",
            pos: 12,
            text: m!("portal-api-vendor"),
            vars: None,
            kind: Kind::Info { next: Next::End },
        },
    ],
};

/// The documents ticked so far, as "2 dari 4" for the first prompt (empty before any tick).
fn start_vars(v: &View) -> Vars {
    let docs = match v.memory.get(DOCS_MEMORY).and_then(Value::as_set) {
        Some(set) => {
            let vars = [
                ("done", set.len().to_string()),
                ("total", DOCS.len().to_string()),
            ];
            format!("\n\n{}", v.tv(m!("portal-start-docs"), &vars))
        }
        None => String::new(),
    };
    vec![("docs", docs)]
}

/// Names the parts of the password rule the user said are not met; never sees the password.
fn pw_check(act: &mut Act) -> Next {
    let missing: Vec<String> = PW_CHECKS
        .iter()
        .filter(|(field, _)| act.text(field) != Some("yes"))
        .map(|(_, part)| format!("• {}", act.t(part)))
        .collect();
    if missing.is_empty() {
        act.note(act.t(m!("portal-pw-ok")));
        Next::To("create")
    } else {
        act.note(act.tv(m!("portal-pw-missing"), &[("missing", missing.join("\n"))]));
        Next::To("pw_retry")
    }
}

/// The documents of the checklist that are not ticked, in the seed's order.
pub fn missing_docs(memory: &std::collections::BTreeMap<String, Value>) -> Vec<usize> {
    let set = memory.get(DOCS_MEMORY).and_then(Value::as_set);
    (1..=DOCS.len())
        .filter(|i| !set.is_some_and(|s| s.contains(&(*i as u16))))
        .collect()
}

fn docs_check(act: &mut Act) -> Next {
    let missing = missing_docs(act.memory);
    if missing.is_empty() {
        act.note(act.t(m!("portal-docs-all")));
        return Next::To("rme");
    }
    let list = missing
        .iter()
        .map(|i| format!("• {}", act.t(DOCS[i - 1])))
        .collect::<Vec<_>>()
        .join("\n");
    let vars = [
        ("missing", list),
        ("count", missing.len().to_string()),
        ("total", DOCS.len().to_string()),
    ];
    act.note(act.tv(m!("portal-docs-missing-list"), &vars));
    Next::To("docs_missing")
}

fn docs_later(act: &mut Act) -> Next {
    act.note(act.t(m!("portal-docs-later")));
    Next::End
}

fn wait_later(act: &mut Act) -> Next {
    act.note(act.t(m!("portal-wait-later")));
    Next::End
}
