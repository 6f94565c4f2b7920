//! SATUSEHAT Mobile (SSM) user verification (KYC) that did not succeed — seed 003.
//!
//! Tells a failed KYC ("gagal": the process did not complete) from an invalid one ("tidak valid":
//! the process worked, the identity did not match), counts the [Coba Lagi] tries (at most 3; when
//! the 4th also fails the portal offers [Ulangi Proses Verifikasi] or the Helpdesk), and collects
//! the helpdesk complaint with everything the official form needs.

use crate::dialog::flow::{Act, FileRule, Flow, InputKind, Kind, Next, Opt, Step, View};
use crate::dialog::model::{CaseKind, Effect, NewCase};
use crate::dialog::reference;
use crate::m;

/// [Coba Lagi] tries the portal allows; the next failure brings the restart/helpdesk pop-up.
pub const MAX_TRIES: i64 = 3;

pub static FLOW: Flow = Flow {
    id: "kyc",
    title: m!("kyc-title"),
    queue: crate::dialog::Queue::Kyc,
    total: 13,
    start: "what_seen",
    steps: &[
        Step {
            id: "what_seen",
            pos: 1,
            text: m!("kyc-what-seen"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "failed",
                        label: m!("kyc-opt-failed"),
                        next: Next::To("tries"),
                    },
                    Opt {
                        value: "invalid",
                        label: m!("kyc-opt-invalid"),
                        next: Next::To("invalid"),
                    },
                    Opt {
                        value: "unsure",
                        label: m!("kyc-opt-unsure"),
                        next: Next::To("explain"),
                    },
                ],
                save: Some("result"),
            },
        },
        Step {
            id: "explain",
            pos: 1,
            text: m!("kyc-explain"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("what_seen"),
            },
        },
        Step {
            id: "invalid",
            pos: 2,
            text: m!("kyc-invalid"),
            vars: None,
            kind: Kind::Choice {
                // Seed 003's complaint is for a failed verification only.
                options: &[Opt {
                    value: "done",
                    label: m!("kyc-opt-done"),
                    next: Next::End,
                }],
                save: None,
            },
        },
        Step {
            id: "tries",
            pos: 2,
            text: m!("kyc-tries"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "0",
                        label: m!("kyc-opt-tries-0"),
                        next: Next::To("set_tries"),
                    },
                    Opt {
                        value: "1",
                        label: m!("kyc-opt-tries-1"),
                        next: Next::To("set_tries"),
                    },
                    Opt {
                        value: "2",
                        label: m!("kyc-opt-tries-2"),
                        next: Next::To("set_tries"),
                    },
                    Opt {
                        value: "3",
                        label: m!("kyc-opt-tries-3"),
                        next: Next::To("set_tries"),
                    },
                    Opt {
                        value: "4",
                        label: m!("kyc-opt-tries-4"),
                        next: Next::To("set_tries"),
                    },
                ],
                save: Some("tries_answer"),
            },
        },
        Step {
            id: "set_tries",
            pos: 0,
            text: m!("kyc-title"),
            vars: None,
            kind: Kind::Action { run: set_tries },
        },
        Step {
            id: "retry",
            pos: 3,
            text: m!("kyc-retry"),
            vars: Some(retry_vars),
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "ok",
                        label: m!("kyc-opt-retry-ok"),
                        next: Next::To("success"),
                    },
                    Opt {
                        value: "fail",
                        label: m!("kyc-opt-retry-fail"),
                        next: Next::To("count_try"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "retry_fourth",
            pos: 3,
            text: m!("kyc-retry-fourth"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "ok",
                        label: m!("kyc-opt-retry-ok"),
                        next: Next::To("success"),
                    },
                    Opt {
                        value: "popup",
                        label: m!("kyc-opt-popup"),
                        next: Next::To("count_try"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "count_try",
            pos: 0,
            text: m!("kyc-title"),
            vars: None,
            kind: Kind::Action { run: count_try },
        },
        Step {
            id: "success",
            pos: 3,
            text: m!("kyc-success"),
            vars: None,
            kind: Kind::Info { next: Next::End },
        },
        Step {
            id: "limit",
            pos: 4,
            text: m!("kyc-limit"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "restart",
                        label: m!("kyc-opt-restart"),
                        next: Next::To("restart"),
                    },
                    Opt {
                        value: "complaint",
                        label: m!("kyc-opt-complaint"),
                        next: Next::To("reporter_name"),
                    },
                ],
                save: Some("after_limit"),
            },
        },
        Step {
            id: "restart",
            pos: 5,
            text: m!("kyc-restart"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "ok",
                        label: m!("kyc-opt-retry-ok"),
                        next: Next::To("success"),
                    },
                    Opt {
                        value: "fail",
                        label: m!("kyc-opt-restart-fail"),
                        next: Next::To("reporter_name"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "reporter_name",
            pos: 5,
            text: m!("kyc-ask-reporter-name"),
            vars: None,
            kind: Kind::Input {
                field: "reporter_name",
                label: m!("kyc-field-reporter-name"),
                input: InputKind::PersonName,
                next: Next::To("reporter_email"),
            },
        },
        Step {
            id: "reporter_email",
            pos: 6,
            text: m!("kyc-ask-reporter-email"),
            vars: None,
            kind: Kind::Input {
                field: "reporter_email",
                label: m!("kyc-field-reporter-email"),
                input: InputKind::Email,
                next: Next::To("reporter_phone"),
            },
        },
        Step {
            id: "reporter_phone",
            pos: 7,
            text: m!("kyc-ask-reporter-phone"),
            vars: None,
            kind: Kind::Input {
                field: "reporter_phone",
                label: m!("kyc-field-reporter-phone"),
                input: InputKind::Phone,
                next: Next::To("patient_name"),
            },
        },
        Step {
            id: "patient_name",
            pos: 8,
            text: m!("kyc-ask-patient-name"),
            vars: None,
            kind: Kind::Input {
                field: "patient_name",
                label: m!("kyc-field-patient-name"),
                input: InputKind::PersonName,
                next: Next::To("patient_nik"),
            },
        },
        Step {
            id: "patient_nik",
            pos: 9,
            text: m!("kyc-ask-patient-nik"),
            vars: None,
            kind: Kind::Input {
                field: "patient_nik",
                label: m!("kyc-field-patient-nik"),
                input: InputKind::Nik,
                next: Next::To("patient_email"),
            },
        },
        Step {
            id: "patient_email",
            pos: 10,
            text: m!("kyc-ask-patient-email"),
            vars: None,
            kind: Kind::Input {
                field: "patient_email",
                label: m!("kyc-field-patient-email"),
                input: InputKind::Email,
                next: Next::To("shot_portal"),
            },
        },
        Step {
            id: "shot_portal",
            pos: 11,
            text: m!("kyc-ask-shot-portal"),
            vars: None,
            kind: Kind::Upload {
                field: "shot_portal",
                label: m!("kyc-field-shot-portal"),
                rule: FileRule::Image,
                optional: false,
                next: Next::To("shot_profile"),
            },
        },
        Step {
            id: "shot_profile",
            pos: 12,
            text: m!("kyc-ask-shot-profile"),
            vars: None,
            kind: Kind::Upload {
                field: "shot_profile",
                label: m!("kyc-field-shot-profile"),
                rule: FileRule::Image,
                optional: false,
                next: Next::To("review"),
            },
        },
        Step {
            id: "review",
            pos: 13,
            text: m!("kyc-review"),
            vars: None,
            kind: Kind::Summary {
                fields: &[
                    "reporter_name",
                    "reporter_email",
                    "reporter_phone",
                    "patient_name",
                    "patient_nik",
                    "patient_email",
                    "shot_portal",
                    "shot_profile",
                ],
                confirm: m!("kyc-opt-submit"),
                next: Next::To("submit"),
            },
        },
        Step {
            id: "submit",
            pos: 0,
            text: m!("kyc-title"),
            vars: None,
            kind: Kind::Action { run: submit },
        },
    ],
};

fn set_tries(act: &mut Act) -> Next {
    let tries: i64 = act
        .text("tries_answer")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    act.data
        .insert("tries".into(), crate::dialog::state::Value::Num(tries));
    Next::To(after_tries(tries))
}

fn count_try(act: &mut Act) -> Next {
    let tries = act.view().num("tries") + 1;
    act.data
        .insert("tries".into(), crate::dialog::state::Value::Num(tries));
    Next::To(after_tries(tries))
}

/// Up to 3 tries the user presses [Coba Lagi] again; after the third the fourth press is the one
/// whose failure brings the pop-up (seed 003); after that, the pop-up's choices.
fn after_tries(tries: i64) -> &'static str {
    match tries {
        t if t < MAX_TRIES => "retry",
        t if t == MAX_TRIES => "retry_fourth",
        _ => "limit",
    }
}

fn retry_vars(v: &View) -> Vec<(&'static str, String)> {
    // After /kembali from the limit the count stays at the limit.
    let next_try = (v.num("tries") + 1).min(MAX_TRIES);
    vec![
        ("attempt", next_try.to_string()),
        ("max", MAX_TRIES.to_string()),
    ]
}

fn submit(act: &mut Act) -> Next {
    let reference = reference::make(act.queue, act.now, act.nonce);
    let get = |f: &str| act.text(f).unwrap_or_default().to_string();
    let vars = [
        ("reporter_name", get("reporter_name")),
        ("reporter_email", get("reporter_email")),
        ("reporter_phone", get("reporter_phone")),
        ("patient_name", get("patient_name")),
        ("patient_nik", get("patient_nik")),
        ("patient_email", get("patient_email")),
        ("reference", reference.clone()),
    ];
    // The official form is in Indonesian: the text to paste is too.
    let complaint = act.t_id(m!("kyc-complaint-text"), &vars);
    let (fields, attachments) = act.collected(&FLOW);
    act.effect(Effect::CreateCase(NewCase {
        reference: reference.clone(),
        queue: act.queue,
        kind: CaseKind::Complaint,
        fields,
        attachments,
        summary: complaint.clone(),
        transcript: act.transcript.clone(),
    }));
    act.message(complaint);
    act.note(act.tv(m!("kyc-submitted"), &[("reference", reference)]));
    Next::End
}
