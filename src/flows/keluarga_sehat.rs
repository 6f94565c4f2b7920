//! Accounts for the Keluarga Sehat application — seed 004.
//!
//! A menu: what the application is and who uses it; the 7-step procedure by which a Dinas
//! Kesehatan Kabupaten/Kota obtains the accounts (with why the SOP exists and the contact
//! persons); and a roster builder for one puskesmas: the administrator, the supervisor, 1 to 10
//! surveyors and the head of the puskesmas, each with full name, NIP, NIK, position, mobile
//! number and email. The roster comes out as a CSV file, together with the text of the request
//! email to Pusdatin. No case is created.
//!
//! The roster is built with one set of input steps (`p_name` … `p_email`) that write temporary
//! fields; `store_person` moves them into the `roster` records and decides who comes next.
//! `p_index` is where the person being entered goes in `roster` (its length for a new person).
//! A stored person is final for `/kembali` (the history is sealed): a person is corrected from the
//! review ("re-enter one person"), never by stepping back into another person's questions.

use std::collections::BTreeMap;

use crate::dialog::flow::{Act, Flow, InputKind, Kind, Next, Opt, RegionLevel, Step, View};
use crate::dialog::model::OutFile;
use crate::dialog::state::Value;
use crate::m;
use crate::mask::{mask_nik, mask_nip};

/// Surveyors per puskesmas listed in the official procedure.
pub const MAX_SURVEYORS: usize = 10;

/// The email address of the request (seed 004, step 4).
pub const REQUEST_EMAIL: &str = "keluargasehat@kemkes.go.id";

/// The temporary fields of the person being entered, in the order they are asked, with the
/// key of the same value in a roster record.
const PERSON_FIELDS: [(&str, &str); 6] = [
    ("p_name", "name"),
    ("p_nip", "nip"),
    ("p_nik", "nik"),
    ("p_jabatan", "jabatan"),
    ("p_mobile", "mobile"),
    ("p_email", "email"),
];

const ROLES: [&str; 4] = ["admin", "supervisor", "surveyor", "head"];

pub static FLOW: Flow = Flow {
    id: "keluarga_sehat",
    title: m!("ks-title"),
    queue: crate::dialog::Queue::KeluargaSehat,
    total: 11,
    start: "menu",
    steps: &[
        Step {
            id: "menu",
            pos: 0,
            text: m!("ks-menu"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "about",
                        label: m!("ks-opt-about"),
                        next: Next::To("about"),
                    },
                    Opt {
                        value: "procedure",
                        label: m!("ks-opt-procedure"),
                        next: Next::To("proc_1"),
                    },
                    Opt {
                        value: "roster",
                        label: m!("ks-opt-roster"),
                        next: Next::To("roster_intro"),
                    },
                    Opt {
                        value: "done",
                        label: m!("ks-opt-done"),
                        next: Next::End,
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "about",
            pos: 0,
            text: m!("ks-about"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("menu"),
            },
        },
        Step {
            id: "proc_1",
            pos: 0,
            text: m!("ks-proc-1"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_2"),
            },
        },
        Step {
            id: "proc_2",
            pos: 0,
            text: m!("ks-proc-2"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_3"),
            },
        },
        Step {
            id: "proc_3",
            pos: 0,
            text: m!("ks-proc-3"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_4"),
            },
        },
        Step {
            id: "proc_4",
            pos: 0,
            text: m!("ks-proc-4"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_5"),
            },
        },
        Step {
            id: "proc_5",
            pos: 0,
            text: m!("ks-proc-5"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_6"),
            },
        },
        Step {
            id: "proc_6",
            pos: 0,
            text: m!("ks-proc-6"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_7"),
            },
        },
        Step {
            id: "proc_7",
            pos: 0,
            text: m!("ks-proc-7"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("proc_sop"),
            },
        },
        Step {
            id: "proc_sop",
            pos: 0,
            text: m!("ks-proc-sop"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("contacts"),
            },
        },
        Step {
            id: "contacts",
            pos: 0,
            text: m!("ks-contacts"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("menu"),
            },
        },
        Step {
            id: "roster_intro",
            pos: 0,
            text: m!("ks-roster-intro"),
            vars: None,
            kind: Kind::Info {
                next: Next::To("province"),
            },
        },
        Step {
            id: "province",
            pos: 1,
            text: m!("ks-ask-province"),
            vars: None,
            kind: Kind::Region {
                field: "province",
                label: m!("ks-field-province"),
                level: RegionLevel::Province,
                next: Next::To("regency"),
            },
        },
        Step {
            id: "regency",
            pos: 2,
            text: m!("ks-ask-regency"),
            vars: None,
            kind: Kind::Region {
                field: "regency",
                label: m!("ks-field-regency"),
                level: RegionLevel::Regency {
                    province_field: "province",
                },
                next: Next::To("pkm_name"),
            },
        },
        Step {
            id: "pkm_name",
            pos: 3,
            text: m!("ks-ask-pkm-name"),
            vars: None,
            kind: Kind::Input {
                field: "pkm_name",
                label: m!("ks-field-pkm-name"),
                input: InputKind::Text { max: 100 },
                next: Next::To("pkm_code"),
            },
        },
        Step {
            id: "pkm_code",
            pos: 4,
            text: m!("ks-ask-pkm-code"),
            vars: None,
            kind: Kind::Input {
                field: "pkm_code",
                label: m!("ks-field-pkm-code"),
                input: InputKind::Code,
                next: Next::To("start_roster"),
            },
        },
        Step {
            id: "start_roster",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: start_roster },
        },
        Step {
            id: "begin_admin",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: begin_admin },
        },
        Step {
            id: "begin_supervisor",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action {
                run: begin_supervisor,
            },
        },
        Step {
            id: "begin_surveyor",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action {
                run: begin_surveyor,
            },
        },
        Step {
            id: "begin_head",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: begin_head },
        },
        Step {
            id: "p_name",
            pos: 5,
            text: m!("ks-ask-p-name"),
            vars: Some(name_vars),
            kind: Kind::Input {
                field: "p_name",
                label: m!("ks-field-name"),
                input: InputKind::PersonName,
                next: Next::To("p_nip"),
            },
        },
        Step {
            id: "p_nip",
            pos: 6,
            text: m!("ks-ask-p-nip"),
            vars: Some(person_vars),
            kind: Kind::Input {
                field: "p_nip",
                label: m!("ks-field-nip"),
                input: InputKind::Nip,
                next: Next::To("check_nip"),
            },
        },
        Step {
            id: "check_nip",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: check_nip },
        },
        Step {
            id: "p_nik",
            pos: 7,
            text: m!("ks-ask-p-nik"),
            vars: Some(person_vars),
            kind: Kind::Input {
                field: "p_nik",
                label: m!("ks-field-nik"),
                input: InputKind::Nik,
                next: Next::To("check_nik"),
            },
        },
        Step {
            id: "check_nik",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: check_nik },
        },
        Step {
            id: "p_jabatan",
            pos: 8,
            text: m!("ks-ask-p-jabatan"),
            vars: Some(person_vars),
            kind: Kind::Input {
                field: "p_jabatan",
                label: m!("ks-field-jabatan"),
                input: InputKind::Text { max: 100 },
                next: Next::To("p_mobile"),
            },
        },
        Step {
            id: "p_mobile",
            pos: 9,
            text: m!("ks-ask-p-mobile"),
            vars: Some(person_vars),
            kind: Kind::Input {
                field: "p_mobile",
                label: m!("ks-field-mobile"),
                input: InputKind::Mobile,
                next: Next::To("p_email"),
            },
        },
        Step {
            id: "p_email",
            pos: 10,
            text: m!("ks-ask-p-email"),
            vars: Some(person_vars),
            kind: Kind::Input {
                field: "p_email",
                label: m!("ks-field-email"),
                input: InputKind::Email,
                next: Next::To("store_person"),
            },
        },
        Step {
            id: "store_person",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: store_person },
        },
        Step {
            id: "ask_more",
            pos: 10,
            text: m!("ks-ask-more"),
            vars: Some(count_vars),
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "yes",
                        label: m!("ks-opt-more-yes"),
                        next: Next::To("begin_surveyor"),
                    },
                    Opt {
                        value: "no",
                        label: m!("ks-opt-more-no"),
                        next: Next::To("begin_head"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "review",
            pos: 11,
            text: m!("ks-review"),
            vars: Some(review_vars),
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "produce",
                        label: m!("ks-opt-produce"),
                        next: Next::To("output"),
                    },
                    Opt {
                        value: "redo",
                        label: m!("ks-opt-redo"),
                        next: Next::To("redo_role"),
                    },
                    Opt {
                        value: "add",
                        label: m!("ks-opt-add-surveyor"),
                        next: Next::To("add_surveyor"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "redo_role",
            pos: 11,
            text: m!("ks-ask-redo-role"),
            vars: None,
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "admin",
                        label: m!("ks-opt-role-admin"),
                        next: Next::To("redo_admin"),
                    },
                    Opt {
                        value: "supervisor",
                        label: m!("ks-opt-role-supervisor"),
                        next: Next::To("redo_supervisor"),
                    },
                    Opt {
                        value: "surveyor",
                        label: m!("ks-opt-role-surveyor"),
                        next: Next::Decide(which_surveyor),
                    },
                    Opt {
                        value: "head",
                        label: m!("ks-opt-role-head"),
                        next: Next::To("redo_head"),
                    },
                    Opt {
                        value: "back",
                        label: m!("ks-opt-back-review"),
                        next: Next::To("review"),
                    },
                ],
                save: None,
            },
        },
        Step {
            id: "redo_which",
            pos: 11,
            text: m!("ks-ask-redo-which"),
            vars: Some(count_vars),
            kind: Kind::Choice {
                options: &[
                    Opt {
                        value: "1",
                        label: m!("ks-opt-surveyor-1"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "2",
                        label: m!("ks-opt-surveyor-2"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "3",
                        label: m!("ks-opt-surveyor-3"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "4",
                        label: m!("ks-opt-surveyor-4"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "5",
                        label: m!("ks-opt-surveyor-5"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "6",
                        label: m!("ks-opt-surveyor-6"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "7",
                        label: m!("ks-opt-surveyor-7"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "8",
                        label: m!("ks-opt-surveyor-8"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "9",
                        label: m!("ks-opt-surveyor-9"),
                        next: Next::To("redo_surveyor"),
                    },
                    Opt {
                        value: "10",
                        label: m!("ks-opt-surveyor-10"),
                        next: Next::To("redo_surveyor"),
                    },
                ],
                save: Some("redo_n"),
            },
        },
        Step {
            id: "redo_admin",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: redo_admin },
        },
        Step {
            id: "redo_supervisor",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action {
                run: redo_supervisor,
            },
        },
        Step {
            id: "redo_surveyor",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: redo_surveyor },
        },
        Step {
            id: "redo_head",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: redo_head },
        },
        Step {
            id: "add_surveyor",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: add_surveyor },
        },
        Step {
            id: "output",
            pos: 0,
            text: m!("ks-title"),
            vars: None,
            kind: Kind::Action { run: output },
        },
    ],
};

// ----- the roster in `data` -----

type Record = BTreeMap<String, String>;

fn roster(data: &BTreeMap<String, Value>) -> Vec<Record> {
    data.get("roster")
        .and_then(Value::as_records)
        .cloned()
        .unwrap_or_default()
}

fn num(data: &BTreeMap<String, Value>, field: &str) -> Option<usize> {
    data.get(field)
        .and_then(Value::as_num)
        .and_then(|n| usize::try_from(n).ok())
}

fn role_of(r: &Record) -> &str {
    r.get("role").map(String::as_str).unwrap_or_default()
}

fn count_role(records: &[Record], role: &str) -> usize {
    records.iter().filter(|r| role_of(r) == role).count()
}

/// Where in the roster a role comes: administrator, supervisor, surveyors, head.
fn role_rank(role: &str) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(ROLES.len())
}

/// Record indices in roster order (by role, surveyors in the order they were entered).
fn ordered(records: &[Record]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..records.len()).collect();
    idx.sort_by_key(|&i| role_rank(role_of(&records[i])));
    idx
}

/// The number of a surveyor: 1 + the surveyors recorded before `index`.
fn surveyor_number(records: &[Record], index: usize) -> usize {
    records
        .iter()
        .take(index)
        .filter(|r| role_of(r) == "surveyor")
        .count()
        + 1
}

/// The roster index the answers now typed belong to.
fn target_index(data: &BTreeMap<String, Value>) -> usize {
    num(data, "p_index").unwrap_or_default()
}

/// The role and roster index the answers now typed belong to.
fn target(data: &BTreeMap<String, Value>) -> (String, usize) {
    let index = target_index(data);
    let role = data
        .get("p_role")
        .and_then(Value::as_text)
        .unwrap_or("admin")
        .to_string();
    (role, index)
}

/// "Administrator Puskesmas", "Surveyor 2", … in the language `t` formats.
fn role_label(
    role: &str,
    number: usize,
    t: impl Fn(&'static str, &[(&str, String)]) -> String,
) -> String {
    match role {
        "admin" => t(m!("ks-role-admin"), &[]),
        "supervisor" => t(m!("ks-role-supervisor"), &[]),
        "surveyor" => t(m!("ks-role-surveyor"), &[("n", number.to_string())]),
        _ => t(m!("ks-role-head"), &[]),
    }
}

fn who(v: &View, role: &str, index: usize) -> String {
    let records = roster(v.data);
    role_label(role, surveyor_number(&records, index), |id, vars| {
        v.tv(id, vars)
    })
}

fn name_vars(v: &View) -> Vec<(&'static str, String)> {
    let role = v.text("p_role").unwrap_or("admin").to_string();
    let index = num(v.data, "p_index").unwrap_or_default();
    vec![("who", who(v, &role, index))]
}

fn person_vars(v: &View) -> Vec<(&'static str, String)> {
    let (role, index) = target(v.data);
    vec![("who", who(v, &role, index))]
}

fn count_vars(v: &View) -> Vec<(&'static str, String)> {
    let records = roster(v.data);
    vec![
        ("count", count_role(&records, "surveyor").to_string()),
        ("max", MAX_SURVEYORS.to_string()),
    ]
}

fn review_vars(v: &View) -> Vec<(&'static str, String)> {
    let records = roster(v.data);
    let mut lines = Vec::new();
    for (n, i) in ordered(&records).into_iter().enumerate() {
        let r = &records[i];
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let vars = [
            ("n", (n + 1).to_string()),
            ("who", who(v, role_of(r), i)),
            ("name", get("name")),
            ("jabatan", get("jabatan")),
            ("nip", mask_nip(&get("nip"))),
            ("nik", mask_nik(&get("nik"))),
            ("mobile", national(&get("mobile"))),
            ("email", get("email")),
        ];
        lines.push(v.tv(m!("ks-review-line"), &vars));
    }
    vec![
        (
            "pkm_name",
            v.text("pkm_name").unwrap_or_default().to_string(),
        ),
        (
            "pkm_code",
            v.text("pkm_code").unwrap_or_default().to_string(),
        ),
        ("count", records.len().to_string()),
        ("list", lines.join("\n\n")),
    ]
}

/// "Candilama" -> "Puskesmas Candilama"; a name that already says so is kept.
fn puskesmas(name: &str) -> String {
    let lower = name.to_lowercase();
    if lower.starts_with("puskesmas") || lower.starts_with("pkm ") {
        name.to_string()
    } else {
        format!("Puskesmas {name}")
    }
}

/// `+6281234567890` -> `081234567890` (the stored mobile numbers are E.164).
fn national(e164: &str) -> String {
    match e164.strip_prefix("+62") {
        Some(rest) => format!("0{rest}"),
        None => e164.to_string(),
    }
}

fn clear_person(act: &mut Act) {
    for (field, _) in PERSON_FIELDS {
        act.data.remove(field);
    }
}

// ----- actions -----

fn start_roster(act: &mut Act) -> Next {
    let records = roster(act.data);
    if count_role(&records, "head") > 0 {
        // Back here with a complete roster (the puskesmas name or code corrected).
        return Next::To("review");
    }
    if act.data.contains_key("p_role") {
        // The puskesmas name or code was corrected in the middle of the roster.
        return Next::To("p_name");
    }
    act.data.insert("roster".into(), Value::Records(Vec::new()));
    Next::To("begin_admin")
}

/// Starts entering a new person with `role`, appended to the roster.
fn begin(act: &mut Act, role: &str) -> Next {
    let len = roster(act.data).len();
    clear_person(act);
    act.data
        .insert("p_role".into(), Value::Text(role.to_string()));
    act.data.insert("p_index".into(), Value::Num(len as i64));
    Next::To("p_name")
}

fn begin_admin(act: &mut Act) -> Next {
    begin(act, "admin")
}

fn begin_supervisor(act: &mut Act) -> Next {
    begin(act, "supervisor")
}

fn begin_surveyor(act: &mut Act) -> Next {
    begin(act, "surveyor")
}

fn begin_head(act: &mut Act) -> Next {
    begin(act, "head")
}

/// Starts entering again the person at `index` of the roster; the new answers replace theirs.
fn redo(act: &mut Act, index: usize) -> Next {
    let records = roster(act.data);
    let Some(r) = records.get(index) else {
        return Next::To("review");
    };
    let role = role_of(r).to_string();
    let label = role_label(&role, surveyor_number(&records, index), |id, vars| {
        act.tv(id, vars)
    });
    clear_person(act);
    act.data.insert("p_role".into(), Value::Text(role));
    act.data.insert("p_index".into(), Value::Num(index as i64));
    act.note(act.tv(m!("ks-redo-start"), &[("who", label)]));
    Next::To("p_name")
}

fn redo_role(act: &mut Act, role: &str) -> Next {
    let records = roster(act.data);
    match records.iter().position(|r| role_of(r) == role) {
        Some(i) => redo(act, i),
        None => Next::To("review"),
    }
}

fn redo_admin(act: &mut Act) -> Next {
    redo_role(act, "admin")
}

fn redo_supervisor(act: &mut Act) -> Next {
    redo_role(act, "supervisor")
}

fn redo_head(act: &mut Act) -> Next {
    redo_role(act, "head")
}

fn which_surveyor(v: &View) -> &'static str {
    if count_role(&roster(v.data), "surveyor") > 1 {
        "redo_which"
    } else {
        "redo_surveyor"
    }
}

fn redo_surveyor(act: &mut Act) -> Next {
    let records = roster(act.data);
    let surveyors: Vec<usize> = (0..records.len())
        .filter(|&i| role_of(&records[i]) == "surveyor")
        .collect();
    let n: usize = if surveyors.len() > 1 {
        act.text("redo_n").and_then(|s| s.parse().ok()).unwrap_or(0)
    } else {
        1
    };
    act.data.remove("redo_n");
    match n.checked_sub(1).and_then(|k| surveyors.get(k)) {
        Some(&i) => redo(act, i),
        None => {
            act.note(act.tv(
                m!("ks-redo-no-such-surveyor"),
                &[("n", n.to_string()), ("count", surveyors.len().to_string())],
            ));
            Next::To("redo_which")
        }
    }
}

fn add_surveyor(act: &mut Act) -> Next {
    if count_role(&roster(act.data), "surveyor") >= MAX_SURVEYORS {
        act.note(act.tv(
            m!("ks-surveyor-limit"),
            &[("max", MAX_SURVEYORS.to_string())],
        ));
        return Next::To("review");
    }
    begin(act, "surveyor")
}

/// Rejects a NIP or NIK that another person in the roster already has.
fn check_unique(
    act: &mut Act,
    field: &'static str,
    key: &str,
    again: &'static str,
    ok: &'static str,
) -> Next {
    let Some(value) = act.text(field).map(str::to_string) else {
        return Next::To(again);
    };
    let index = target_index(act.data);
    let records = roster(act.data);
    let clash = records
        .iter()
        .enumerate()
        .find(|(i, r)| *i != index && r.get(key) == Some(&value));
    let Some((i, r)) = clash else {
        return Next::To(ok);
    };
    let other = role_label(role_of(r), surveyor_number(&records, i), |id, vars| {
        act.tv(id, vars)
    });
    let name = r.get("name").cloned().unwrap_or_default();
    act.data.remove(field);
    let id = if key == "nip" {
        m!("ks-dup-nip")
    } else {
        m!("ks-dup-nik")
    };
    act.note(act.tv(id, &[("other", other), ("name", name)]));
    Next::To(again)
}

fn check_nip(act: &mut Act) -> Next {
    check_unique(act, "p_nip", "nip", "p_nip", "p_nik")
}

fn check_nik(act: &mut Act) -> Next {
    check_unique(act, "p_nik", "nik", "p_nik", "p_jabatan")
}

/// Moves the person entered into the roster and decides who comes next.
fn store_person(act: &mut Act) -> Next {
    let mut records = roster(act.data);
    let complete = PERSON_FIELDS.iter().all(|(f, _)| act.data.contains_key(*f));
    let index = if complete {
        let role = act.text("p_role").unwrap_or("admin").to_string();
        let mut r = Record::new();
        r.insert("role".into(), role);
        for (field, key) in PERSON_FIELDS {
            r.insert(key.into(), act.text(field).unwrap_or_default().to_string());
        }
        let index = num(act.data, "p_index").unwrap_or(records.len());
        if index < records.len() {
            records[index] = r;
            index
        } else {
            records.push(r);
            records.len() - 1
        }
    } else {
        // Should not happen: ask what is missing.
        let missing = PERSON_FIELDS
            .iter()
            .find(|(f, _)| !act.data.contains_key(*f));
        return Next::To(missing.map(|(f, _)| *f).unwrap_or("p_name"));
    };
    let label = role_label(
        role_of(&records[index]),
        surveyor_number(&records, index),
        |id, vars| act.tv(id, vars),
    );
    act.note(act.tv(m!("ks-person-saved"), &[("who", label)]));
    let role = role_of(&records[index]).to_string();
    let surveyors = count_role(&records, "surveyor");
    let has_head = count_role(&records, "head") > 0;
    act.data.insert("roster".into(), Value::Records(records));
    // The stored person is final for /kembali.
    act.seal_history();
    clear_person(act);
    if has_head {
        return Next::To("review");
    }
    match role.as_str() {
        "admin" => Next::To("begin_supervisor"),
        "supervisor" => Next::To("begin_surveyor"),
        "surveyor" if surveyors >= MAX_SURVEYORS => {
            act.note(act.tv(
                m!("ks-surveyor-limit"),
                &[("max", MAX_SURVEYORS.to_string())],
            ));
            Next::To("begin_head")
        }
        "surveyor" => Next::To("ask_more"),
        _ => Next::To("review"),
    }
}

// ----- output -----

/// One CSV field, always quoted (RFC 4180): quotes inside are doubled. Quoting keeps commas and
/// line breaks inside the field and lets an import as text keep every digit of a NIP or NIK.
fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn csv_row(fields: &[&str]) -> String {
    let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    format!("{}\r\n", cells.join(","))
}

/// The roster as CSV (RFC 4180: comma separated, CRLF line ends, header row first).
pub fn roster_csv(
    pkm_name: &str,
    pkm_code: &str,
    records: &[Record],
    role_name: impl Fn(&str) -> String,
) -> String {
    let mut out = csv_row(&[
        "Nama Puskesmas",
        "Kode Puskesmas",
        "Peran",
        "Nama Lengkap",
        "NIP",
        "NIK",
        "Jabatan",
        "Nomor HP",
        "Email",
    ]);
    for i in ordered(records) {
        let r = &records[i];
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let role = role_name(role_of(r));
        let mobile = national(&get("mobile"));
        out.push_str(&csv_row(&[
            pkm_name,
            pkm_code,
            &role,
            &get("name"),
            &get("nip"),
            &get("nik"),
            &get("jabatan"),
            &mobile,
            &get("email"),
        ]));
    }
    out
}

fn output(act: &mut Act) -> Next {
    let records = roster(act.data);
    let pkm_name = act.text("pkm_name").unwrap_or_default().to_string();
    let pkm_code = act.text("pkm_code").unwrap_or_default().to_string();
    let province = act
        .text("province")
        .and_then(|c| act.regions.province(c))
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let regency = act
        .text("regency")
        .and_then(|c| act.regions.regency(c))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    // The roster and the email are official documents: Indonesian whatever the user's language.
    let role_name = |role: &str| match role {
        "admin" => act.t_id(m!("ks-role-admin"), &[]),
        "supervisor" => act.t_id(m!("ks-role-supervisor-csv"), &[]),
        "surveyor" => act.t_id(m!("ks-role-surveyor-csv"), &[]),
        _ => act.t_id(m!("ks-role-head"), &[]),
    };
    let content = roster_csv(&pkm_name, &pkm_code, &records, role_name);
    let name = format!("roster-{pkm_code}.csv");
    let vars = [("file", name.clone()), ("count", records.len().to_string())];
    let text = act.tv(m!("ks-csv-ready"), &vars);
    act.file(
        text,
        OutFile {
            name,
            mime: "text/csv".into(),
            content,
        },
    );

    let vars = [
        ("to", REQUEST_EMAIL.to_string()),
        ("province", province.clone()),
        ("regency", regency),
        ("pkm", puskesmas(&pkm_name)),
        ("pkm_code", pkm_code),
        ("admins", count_role(&records, "admin").to_string()),
        (
            "supervisors",
            count_role(&records, "supervisor").to_string(),
        ),
        ("surveyors", count_role(&records, "surveyor").to_string()),
        ("heads", count_role(&records, "head").to_string()),
        ("total", records.len().to_string()),
    ];
    let email = act.t_id(m!("ks-email-text"), &vars);
    act.message(act.tv(m!("ks-email-intro"), &[]));
    act.message(email);
    act.note(act.tv(
        m!("ks-after-output"),
        &[("to", REQUEST_EMAIL.to_string()), ("province", province)],
    ));
    Next::End
}
