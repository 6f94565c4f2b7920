//! The vendor SATUSEHAT integration support service (Klinik Pintar) — seed 001.
//!
//! A menu inside the flow: the six prerequisites asked one by one (then the missing ones named),
//! the nine-step service flow as a tracker remembered under [`STEP_MEMORY`], the rights and duties
//! of both sides, the legal basis (PERMENKES 24/2022), and help: the vendor's customer-success
//! channels or a help request recorded as a case.

use crate::dialog::flow::{Act, Flow, InputKind, Kind, MsgId, Next, Opt, Step, Vars, View};
use crate::dialog::model::{CaseKind, Effect, NewCase};
use crate::dialog::reference;
use crate::dialog::state::Value;
use crate::m;

/// Memory key of the service-flow tracker.
pub const STEP_MEMORY: &str = "vendor_step";

/// The six prerequisites: the field storing each yes/no answer and the requirement's name.
pub static PREREQS: &[(&str, MsgId)] = &[
    ("req_agreement", m!("vendor-req-agreement")),
    ("req_quotation", m!("vendor-req-quotation")),
    ("req_payment", m!("vendor-req-payment")),
    ("req_cooperate", m!("vendor-req-cooperate")),
    ("req_user", m!("vendor-req-user")),
    ("req_code", m!("vendor-req-code")),
];

/// The nine steps of the service flow (short labels for the options).
pub static SERVICE_STEPS: &[MsgId] = &[
    m!("vendor-step-1"),
    m!("vendor-step-2"),
    m!("vendor-step-3"),
    m!("vendor-step-4"),
    m!("vendor-step-5"),
    m!("vendor-step-6"),
    m!("vendor-step-7"),
    m!("vendor-step-8"),
    m!("vendor-step-9"),
];

/// What each step of the service flow means, in full (who does what).
static SERVICE_DETAILS: &[MsgId] = &[
    m!("vendor-step-detail-1"),
    m!("vendor-step-detail-2"),
    m!("vendor-step-detail-3"),
    m!("vendor-step-detail-4"),
    m!("vendor-step-detail-5"),
    m!("vendor-step-detail-6"),
    m!("vendor-step-detail-7"),
    m!("vendor-step-detail-8"),
    m!("vendor-step-detail-9"),
];

/// "Back to the menu" and "finish", offered at the end of every section.
static AGAIN: &[Opt] = &[
    Opt {
        value: "menu",
        label: m!("vendor-opt-menu"),
        next: Next::To("menu"),
    },
    Opt {
        value: "finish",
        label: m!("vendor-opt-finish"),
        next: Next::End,
    },
];

pub static FLOW: Flow = Flow {
    id: "vendor",
    title: m!("vendor-title"),
    queue: crate::dialog::Queue::VendorIntegration,
    total: 6,
    start: "menu",
    steps: &[
        Step {
            id: "menu",
            pos: 0,
            text: m!("vendor-menu"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "prereq",
                        label: m!("vendor-opt-prereq"),
                        next: Next::To("req_agreement"),
                    },
                    Opt {
                        value: "flow",
                        label: m!("vendor-opt-flow"),
                        next: Next::To("tracker"),
                    },
                    Opt {
                        value: "rights",
                        label: m!("vendor-opt-rights"),
                        next: Next::To("rights_vendor"),
                    },
                    Opt {
                        value: "legal",
                        label: m!("vendor-opt-legal"),
                        next: Next::To("legal"),
                    },
                    Opt {
                        value: "help",
                        label: m!("vendor-opt-help"),
                        next: Next::To("help"),
                    },
                    Opt {
                        value: "finish",
                        label: m!("vendor-opt-finish"),
                        next: Next::End,
                    },
                ],
                save: None,
            },
        },
        // ----- (a) prerequisites -----
        Step {
            id: "req_agreement",
            pos: 1,
            text: m!("vendor-ask-agreement"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_quotation"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_quotation"),
                    },
                ],
                save: Some("req_agreement"),
            },
        },
        Step {
            id: "req_quotation",
            pos: 2,
            text: m!("vendor-ask-quotation"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_payment"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_payment"),
                    },
                ],
                save: Some("req_quotation"),
            },
        },
        Step {
            id: "req_payment",
            pos: 3,
            text: m!("vendor-ask-payment"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_cooperate"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_cooperate"),
                    },
                ],
                save: Some("req_payment"),
            },
        },
        Step {
            id: "req_cooperate",
            pos: 4,
            text: m!("vendor-ask-cooperate"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_user"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_user"),
                    },
                ],
                save: Some("req_cooperate"),
            },
        },
        Step {
            id: "req_user",
            pos: 5,
            text: m!("vendor-ask-user"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_code"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_code"),
                    },
                ],
                save: Some("req_user"),
            },
        },
        Step {
            id: "req_code",
            pos: 6,
            text: m!("vendor-ask-code"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("vendor-opt-yes"),
                        next: Next::To("req_check"),
                    },
                    Opt {
                        value: "no",
                        label: m!("vendor-opt-no"),
                        next: Next::To("req_check"),
                    },
                ],
                save: Some("req_code"),
            },
        },
        Step {
            id: "req_check",
            pos: 0,
            text: m!("vendor-title"),
            vars: None,
            kind: Kind::Action { run: req_check },
        },
        Step {
            id: "again",
            pos: 0,
            text: m!("vendor-again"),
            vars: None,
            kind: Kind::Choice {
                options: AGAIN,
                save: None,
            },
        },
        // ----- (b) the service flow -----
        Step {
            id: "tracker",
            pos: 0,
            text: m!("vendor-tracker"),
            vars: Some(tracker_vars),
            kind: Kind::Tracker {
                items: SERVICE_STEPS,
                memory: STEP_MEMORY,
                reply: m!("vendor-tracker-reply"),
                next: Next::To("tracker_next"),
            },
        },
        Step {
            id: "tracker_next",
            pos: 0,
            text: m!("vendor-title"),
            vars: None,
            kind: Kind::Action { run: tracker_next },
        },
        // ----- (c) rights and duties -----
        Step {
            id: "rights_vendor",
            pos: 0,
            text: m!("vendor-rights-vendor"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("rights_partner"),
            },
        },
        Step {
            id: "rights_partner",
            pos: 0,
            text: m!("vendor-rights-partner"),
            vars: None,
            kind: Kind::Choice {
                options: AGAIN,
                save: None,
            },
        },
        // ----- (d) legal basis -----
        Step {
            id: "legal",
            pos: 0,
            text: m!("vendor-legal-1"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("legal_2"),
            },
        },
        Step {
            id: "legal_2",
            pos: 0,
            text: m!("vendor-legal-2"),
            vars: None,
            kind: Kind::Choice {
                options: AGAIN,
                save: None,
            },
        },
        // ----- (e) help -----
        Step {
            id: "help",
            pos: 0,
            text: m!("vendor-help"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "record",
                        label: m!("vendor-opt-record"),
                        next: Next::To("help_describe"),
                    },
                    Opt {
                        value: "menu",
                        label: m!("vendor-opt-menu"),
                        next: Next::To("menu"),
                    },
                    Opt {
                        value: "finish",
                        label: m!("vendor-opt-finish"),
                        next: Next::End,
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "help_describe",
            pos: 0,
            text: m!("vendor-help-describe"),
            vars: None,
            kind: Kind::Input {
                field: "help_description",
                label: m!("vendor-field-help-description"),
                input: InputKind::Text { max: 1000 },
                next: Next::To("help_submit"),
            },
        },
        Step {
            id: "help_submit",
            pos: 0,
            text: m!("vendor-title"),
            vars: None,
            kind: Kind::Action { run: help_submit },
        },
    ],
};

/// The names of the prerequisites not answered "yes", in the seed's order.
pub fn missing_prereqs(data: &std::collections::BTreeMap<String, Value>) -> Vec<MsgId> {
    PREREQS
        .iter()
        .filter(|(field, _)| data.get(*field).and_then(Value::as_text) != Some("yes"))
        .map(|p| p.1)
        .collect()
}

fn req_check(act: &mut Act) -> Next {
    let missing = missing_prereqs(act.data);
    if missing.is_empty() {
        act.note(act.t(m!("vendor-req-all-met")));
    } else {
        let list = missing
            .iter()
            .map(|id| format!("• {}", act.t(id)))
            .collect::<Vec<_>>()
            .join("\n");
        let vars = [
            ("count", missing.len().to_string()),
            ("total", PREREQS.len().to_string()),
            ("missing", list),
        ];
        act.note(act.tv(m!("vendor-req-missing"), &vars));
    }
    Next::To("again")
}

/// The step recorded last time, if any, shown above the list.
fn tracker_vars(v: &View) -> Vars {
    let last = match v.memory.get(STEP_MEMORY).and_then(Value::as_num) {
        Some(n) if n >= 1 && (n as usize) <= SERVICE_STEPS.len() => {
            let vars = [
                ("current", n.to_string()),
                ("label", v.t(SERVICE_STEPS[n as usize - 1])),
            ];
            format!("\n\n{}", v.tv(m!("vendor-tracker-last"), &vars))
        }
        _ => String::new(),
    };
    vec![("last", last)]
}

/// After the tracker's short reply: what the next step of the service means, in full.
fn tracker_next(act: &mut Act) -> Next {
    let n = act
        .memory
        .get(STEP_MEMORY)
        .and_then(Value::as_num)
        .unwrap_or(0) as usize;
    match SERVICE_DETAILS.get(n) {
        Some(detail) if n >= 1 => {
            act.note(act.tv(m!("vendor-tracker-next"), &[("detail", act.t(detail))]))
        }
        _ => act.note(act.t(m!("vendor-tracker-done"))),
    }
    Next::To("again")
}

/// Records a help request for the customer-success team as a case and gives its reference.
fn help_submit(act: &mut Act) -> Next {
    let reference = reference::make(act.queue, act.now, act.nonce);
    let summary = act.text("help_description").unwrap_or_default().to_string();
    let (fields, attachments) = act.collected(&FLOW);
    act.effect(Effect::CreateCase(NewCase {
        reference: reference.clone(),
        queue: act.queue,
        kind: CaseKind::HumanRequest,
        fields,
        attachments,
        summary,
        transcript: act.transcript.clone(),
    }));
    act.note(act.tv(m!("vendor-help-submitted"), &[("reference", reference)]));
    Next::To("again")
}
