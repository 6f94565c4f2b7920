//! The pure step function: (definitions, state, one event, now) -> (new state, replies, effects).

mod desk;

use std::collections::BTreeSet;

use super::commands::{self, Command};
use super::flow::{Act, Flow, InputKind, Kind, MsgId, Next, RegionLevel, Said, Step, Vars, View};
use super::input;
use super::intents::{self, Intent};
use super::model::{
    CaseKind, EXPORT_FILE, Effect, Event, FileInfo, Inbound, NewCase, OptionsStyle, OutFile,
    Outcome, Queue, Reply, ReplyOption,
};
use super::state::{ActiveFlow, CONSENT_VERSION, Consent, Conversation, DeskLink, Pending, Value};
use super::{Defs, files, reference, secrets};
use crate::i18n::{Lang, Locales};
use crate::m;
use crate::regions::{self, Named, Regions};

/// A region as an option: digits code and name.
struct RegionEntry {
    code: String,
    name: String,
}

impl Named for RegionEntry {
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

fn entry<T: Named>(r: &T) -> RegionEntry {
    RegionEntry {
        code: r.code().to_string(),
        name: r.name().to_string(),
    }
}

fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs one inbound event through the conversation.
pub fn step(defs: &Defs, state: Conversation, inbound: &Inbound) -> Outcome {
    let mut m = Machine {
        defs,
        st: state,
        inb: inbound,
        replies: Vec::new(),
        notes: Vec::new(),
        effects: Vec::new(),
        withheld: false,
    };
    m.run();
    m.finish()
}

struct Machine<'a> {
    defs: &'a Defs,
    st: Conversation,
    inb: &'a Inbound,
    replies: Vec<Reply>,
    notes: Vec<String>,
    effects: Vec<Effect>,
    withheld: bool,
}

/// An answer to the current prompt.
enum Answer<'t> {
    /// One of the offered options, by value.
    Pick(String),
    /// Typed text that is not one of the options.
    Text(&'t str),
}

/// An option as the engine sees it before keys are attached.
struct Choice {
    value: String,
    label: String,
}

impl<'a> Machine<'a> {
    fn t(&self, id: MsgId) -> String {
        self.defs.locales.text(self.st.lang, id, &[])
    }

    fn tv(&self, id: MsgId, vars: &[(&str, String)]) -> String {
        self.defs.locales.text(self.st.lang, id, vars)
    }

    fn note(&mut self, id: MsgId) {
        let s = self.t(id);
        self.notes.push(s);
    }

    fn note_v(&mut self, id: MsgId, vars: &[(&str, String)]) {
        let s = self.tv(id, vars);
        self.notes.push(s);
    }

    fn flow(&self) -> Option<&'static Flow> {
        self.st
            .active
            .as_ref()
            .and_then(|a| self.defs.flow(&a.flow))
    }

    /// The menu title of flow `id` in the user's language.
    fn title(&self, id: &str) -> String {
        self.defs
            .flow(id)
            .map(|f| self.t(f.title))
            .unwrap_or_default()
    }

    /// (title of the flow the user is in, title of flow `to`), for "leave X for Y?".
    fn switch_titles(&self, to: &str) -> (String, String) {
        let old = self
            .st
            .active
            .as_ref()
            .map(|a| self.title(&a.flow))
            .unwrap_or_default();
        (old, self.title(to))
    }

    fn current_step(&self) -> Option<(&'static Flow, &'static Step)> {
        let a = self.st.active.as_ref()?;
        let flow = self.defs.flow(&a.flow)?;
        Some((flow, flow.step(&a.step)?))
    }

    fn run(&mut self) {
        // A state that refers to a flow or step that no longer exists (after an upgrade) is reset.
        if self.st.active.is_some() && self.current_step().is_none() {
            self.st.active = None;
            self.note(m!("flow-gone"));
        }
        if let Event::Desk(ev) = &self.inb.event {
            let ev = ev.clone();
            return self.desk_event(&ev);
        }
        if self.desk_input() {
            return;
        }
        let first_contact = self.st.seq == 0 && self.st.transcript.is_empty();
        match &self.inb.event {
            Event::Resume => {
                if first_contact {
                    self.note(m!("greeting"));
                    self.st.menu_open = true;
                } else {
                    self.note(m!("welcome-back"));
                }
            }
            Event::Text(raw) => {
                let text = raw.trim();
                if secrets::looks_like_secret(text, self.expected_input()) {
                    self.withheld = true;
                    self.st.remember_line(true, "[…]");
                    self.note(m!("secret-warning"));
                    return;
                }
                self.st.remember_line(true, text);
                match commands::parse(text) {
                    Some(cmd) => {
                        if first_contact && !matches!(cmd, Command::Start(_)) {
                            self.note(m!("greeting"));
                        }
                        self.command(cmd)
                    }
                    None => {
                        if first_contact {
                            self.note(m!("greeting"));
                        }
                        if text.is_empty() {
                            self.note(m!("empty-message"));
                        } else {
                            let answer = self.resolve(text);
                            self.answer(answer);
                        }
                    }
                }
            }
            Event::Choice { key } => {
                let (seq, value) = key.split_once(':').unwrap_or(("", key.as_str()));
                if seq.parse::<u64>().ok() != Some(self.st.seq) {
                    self.note(m!("stale-button"));
                    return;
                }
                let value = value.to_string();
                if !self.choices().iter().any(|c| c.value == value) {
                    self.note(m!("stale-button"));
                    return;
                }
                let label = self
                    .choices()
                    .into_iter()
                    .find(|c| c.value == value)
                    .map(|c| c.label);
                self.st.remember_line(true, &label.unwrap_or_default());
                self.answer(Answer::Pick(value));
            }
            Event::File(f) => {
                self.st
                    .remember_line(true, &format!("[{}]", f.name.as_deref().unwrap_or("file")));
                self.file(f.clone());
            }
            Event::Unsupported => {
                if first_contact {
                    self.note(m!("greeting"));
                }
                self.note(m!("unsupported-message"));
            }
            Event::Edited => self.note(m!("edited-message")),
            Event::Desk(_) => {}
        }
    }

    /// What kind of typed input the current step expects (secret detection is relaxed for those).
    fn expected_input(&self) -> Option<InputKind> {
        if self.st.pending.is_some() || self.st.menu_open {
            return None;
        }
        match self.current_step()?.1.kind {
            Kind::Input { input, .. } => Some(input),
            _ => None,
        }
    }

    // ----- commands -----

    fn command(&mut self, cmd: Command) {
        // A command answers any question the core itself had asked.
        self.st.pending = None;
        match cmd {
            Command::Start(payload) => {
                self.note(m!("greeting"));
                if let Some(flow) = payload
                    .as_deref()
                    .and_then(|p| self.defs.flow(&p.to_lowercase()))
                {
                    self.start_flow(flow);
                } else {
                    self.open_menu();
                }
            }
            Command::Menu => self.open_menu(),
            Command::Flow(id) => {
                if let Some(flow) = self.defs.flow(id) {
                    self.start_flow(flow);
                }
            }
            Command::Cancel => self.cancel(),
            Command::Back => self.back(),
            Command::Help => self.note(m!("help")),
            Command::Language(arg) => match arg.as_deref().and_then(Lang::from_tag) {
                Some(lang) => self.set_lang(lang),
                None => self.st.pending = Some(Pending::Language),
            },
            Command::Status => self.status(),
            Command::Human => self.st.pending = Some(Pending::HumanDescription),
            Command::AddToCase => match self.inb.open_cases.first() {
                Some(c) => self.st.pending = Some(Pending::AddToCase(c.reference.clone())),
                None => self.note(m!("status-no-cases")),
            },
            Command::MyData => {
                self.flush_notes();
                self.effects.push(Effect::ExportData);
                // The store puts the data in the file, in the same transaction.
                let text = self.t(m!("mydata-sent"));
                self.replies.push(Reply {
                    text,
                    file: Some(OutFile {
                        name: EXPORT_FILE.into(),
                        mime: "application/json".into(),
                        content: String::new(),
                    }),
                    ..Default::default()
                });
            }
            Command::EraseData => self.st.pending = Some(Pending::ConfirmErase),
            Command::Unknown(name) => self.note_v(m!("unknown-command"), &[("command", name)]),
        }
    }

    fn open_menu(&mut self) {
        self.st.menu_open = true;
    }

    fn start_flow(&mut self, flow: &'static Flow) {
        if let Some(a) = &self.st.active
            && a.flow != flow.id
            && !a.data.is_empty()
        {
            // Answers would be lost: ask first.
            self.st.pending = Some(Pending::ConfirmSwitch(flow.id.to_string()));
            return;
        }
        self.switch_to(flow);
    }

    fn switch_to(&mut self, flow: &'static Flow) {
        if let Some(a) = &self.st.active
            && a.flow != flow.id
            && !a.data.is_empty()
        {
            let old = self.title(&a.flow);
            self.note_v(m!("flow-replaced"), &[("flow", old)]);
        }
        self.st.menu_open = false;
        let keep = self.st.active.as_ref().is_some_and(|a| a.flow == flow.id);
        if keep {
            // Already in this procedure: continue where the user was.
            self.note(m!("flow-resumed"));
            return;
        }
        self.st.active = Some(ActiveFlow {
            flow: flow.id.to_string(),
            step: flow.start.to_string(),
            data: Default::default(),
            history: Vec::new(),
            return_to: None,
            unconfirmed: None,
        });
        self.enter(flow.start);
    }

    fn cancel(&mut self) {
        match &self.st.active {
            None => {
                self.note(m!("cancel-nothing"));
                self.st.menu_open = true;
            }
            Some(a) if a.data.is_empty() => self.do_cancel(),
            Some(_) => self.st.pending = Some(Pending::ConfirmCancel),
        }
    }

    /// Forgets the conversation (the language and the button numbering stay, so that old
    /// buttons are recognised as old) and has the store delete the rest.
    fn erase(&mut self) {
        self.effects.push(Effect::EraseData);
        let fresh = Conversation {
            lang: self.st.lang,
            seq: self.st.seq,
            ..Default::default()
        };
        self.st = fresh;
        self.note(m!("erase-done"));
        let open: Vec<String> = self
            .inb
            .open_cases
            .iter()
            .map(|c| c.reference.clone())
            .collect();
        if !open.is_empty() {
            self.note_v(m!("erase-open-cases"), &[("references", open.join(", "))]);
        }
        self.st.menu_open = true;
    }

    fn do_cancel(&mut self) {
        let title = self
            .st
            .active
            .as_ref()
            .map(|a| self.title(&a.flow))
            .unwrap_or_default();
        self.st.active = None;
        self.note_v(m!("cancel-done"), &[("flow", title)]);
        if !self.st.memory.is_empty() {
            self.note(m!("cancel-kept-memory"));
        }
        self.st.menu_open = true;
    }

    fn back(&mut self) {
        if self.st.menu_open {
            self.st.menu_open = self.st.active.is_none();
            return;
        }
        let Some(a) = self.st.active.as_mut() else {
            self.note(m!("back-nothing"));
            self.st.menu_open = true;
            return;
        };
        a.unconfirmed = None;
        a.return_to = None;
        match a.history.pop() {
            Some(prev) => a.step = prev,
            None => self.note(m!("back-first")),
        }
    }

    fn set_lang(&mut self, lang: Lang) {
        self.st.lang = lang;
        // Notes already made are in the old language; say the switch in the new one.
        self.notes.clear();
        self.note(m!("language-switched"));
    }

    fn status(&mut self) {
        let mut lines = Vec::new();
        if self.inb.open_cases.is_empty() {
            lines.push(self.t(m!("status-no-cases")));
        } else {
            lines.push(self.t(m!("status-cases-header")));
            for c in &self.inb.open_cases {
                let vars = [
                    ("reference", c.reference.clone()),
                    ("queue", self.t(c.queue.label())),
                    ("status", self.t(c.status.label())),
                    ("date", c.created_at.format("%d-%m-%Y").to_string()),
                ];
                lines.push(self.tv(m!("status-case-line"), &vars));
            }
            lines.push(self.t(m!("status-add-hint")));
        }
        if let Some((flow, step)) = self.current_step() {
            if step.pos > 0 {
                let vars = [
                    ("flow", self.t(flow.title)),
                    ("pos", step.pos.to_string()),
                    ("total", flow.total.to_string()),
                ];
                lines.push(self.tv(m!("status-active-flow"), &vars));
            } else {
                lines.push(self.tv(
                    m!("status-active-flow-plain"),
                    &[("flow", self.t(flow.title))],
                ));
            }
        }
        for flow in self.defs.flows {
            for s in flow.steps {
                match s.kind {
                    Kind::Checklist { items, memory, .. } => {
                        if let Some(set) = self.st.memory.get(memory).and_then(Value::as_set) {
                            let vars = [
                                ("flow", self.t(flow.title)),
                                ("done", set.len().to_string()),
                                ("total", items.len().to_string()),
                            ];
                            lines.push(self.tv(m!("status-checklist"), &vars));
                        }
                    }
                    Kind::Tracker { items, memory, .. } => {
                        if let Some(n) = self.st.memory.get(memory).and_then(Value::as_num) {
                            let label = items
                                .get((n as usize).wrapping_sub(1))
                                .map(|i| self.t(i))
                                .unwrap_or_default();
                            let vars = [
                                ("flow", self.t(flow.title)),
                                ("current", n.to_string()),
                                ("total", items.len().to_string()),
                                ("label", label),
                            ];
                            lines.push(self.tv(m!("status-tracker"), &vars));
                        }
                    }
                    _ => {}
                }
            }
        }
        self.notes.push(lines.join("\n"));
    }

    // ----- answers -----

    /// Maps typed text onto the current options: a number, a label, or yes/no words.
    fn resolve<'t>(&self, text: &'t str) -> Answer<'t> {
        let choices = self.choices();
        if choices.is_empty() {
            return Answer::Text(text);
        }
        let lower = text.trim().trim_end_matches(['.', '!']).to_lowercase();
        if let Ok(n) = lower.parse::<usize>()
            && n >= 1
            && n <= choices.len()
        {
            return Answer::Pick(choices[n - 1].value.clone());
        }
        if let Some(c) = choices
            .iter()
            .find(|c| strip_marks(&c.label).to_lowercase() == lower)
        {
            return Answer::Pick(c.value.clone());
        }
        let yes = [
            "ya", "y", "iya", "yes", "ok", "oke", "benar", "sudah", "betul",
        ];
        let no = [
            "tidak", "tdk", "no", "n", "t", "bukan", "belum", "gak", "nggak", "enggak",
        ];
        for (words, value) in [(&yes[..], "yes"), (&no[..], "no")] {
            if words.contains(&lower.as_str()) && choices.iter().any(|c| c.value == value) {
                return Answer::Pick(value.to_string());
            }
        }
        Answer::Text(text)
    }

    fn answer(&mut self, answer: Answer<'_>) {
        if let Some(p) = self.st.pending.clone() {
            return self.answer_pending(p, answer);
        }
        if self.st.menu_open || self.st.active.is_none() {
            return self.answer_menu(answer);
        }
        let Some((flow, step)) = self.current_step() else {
            return;
        };
        // A valid answer with a warning waits for confirmation.
        if let Some((field, value)) = self.st.active.as_ref().and_then(|a| a.unconfirmed.clone()) {
            match answer {
                Answer::Pick(v) if v == "confirm" => {
                    let a = self.st.active.as_mut().expect("active");
                    a.unconfirmed = None;
                    a.data.insert(field, value);
                    // Only field steps (one next) ask for a confirmation.
                    let next = step.kind.nexts().first().copied().unwrap_or(Next::End);
                    return self.advance(flow, step, next);
                }
                Answer::Pick(_) => {
                    self.st.active.as_mut().expect("active").unconfirmed = None;
                    return;
                }
                Answer::Text(_) => {
                    self.st.active.as_mut().expect("active").unconfirmed = None;
                }
            }
        }
        match (&step.kind, answer) {
            (Kind::Info { next }, Answer::Pick(_)) => self.advance(flow, step, *next),
            (Kind::Choice { options, save }, Answer::Pick(v)) => {
                if let Some(opt) = options.iter().find(|o| o.value == v) {
                    if let Some(field) = save {
                        self.data_mut().insert(field.to_string(), Value::Text(v));
                    }
                    self.advance(flow, step, opt.next);
                }
            }
            (
                Kind::Checklist {
                    items,
                    memory,
                    next,
                },
                answer,
            ) => self.checklist(flow, step, items, memory, *next, answer),
            (
                Kind::Tracker {
                    items,
                    memory,
                    reply,
                    next,
                },
                Answer::Pick(v),
            ) => {
                let n: usize = v.parse().unwrap_or(0);
                if n >= 1 && n <= items.len() {
                    self.st
                        .memory
                        .insert(memory.to_string(), Value::Num(n as i64));
                    let next_label = items
                        .get(n)
                        .map(|i| self.t(i))
                        .unwrap_or_else(|| self.t(m!("tracker-last")));
                    let vars = [
                        ("current", n.to_string()),
                        ("total", items.len().to_string()),
                        ("current_label", self.t(items[n - 1])),
                        ("next_label", next_label),
                    ];
                    self.note_v(reply, &vars);
                    self.advance(flow, step, *next);
                }
            }
            (
                Kind::Input {
                    field, input, next, ..
                },
                Answer::Text(text),
            ) => self.input(flow, step, field, *input, *next, text),
            (Kind::Region { field, next, .. }, Answer::Pick(code)) => {
                self.data_mut().insert(field.to_string(), Value::Text(code));
                self.clear_dependent_regions(flow, field);
                self.advance(flow, step, *next);
            }
            (Kind::Region { level, .. }, Answer::Text(text)) => self.region_search(*level, text),
            (Kind::Upload { field, next, .. }, Answer::Pick(v)) if v == "skip" => {
                // Skipping keeps a file accepted earlier: nothing entered is lost.
                if self.data_mut().contains_key(*field) {
                    self.note(m!("upload-kept"));
                } else {
                    self.note(m!("upload-skipped"));
                }
                self.advance(flow, step, *next);
            }
            (Kind::Upload { .. }, Answer::Text(text)) => {
                if !self.try_fact(text) {
                    self.note(m!("upload-expected"));
                }
            }
            (Kind::Summary { next, .. }, Answer::Pick(v)) => {
                if v == "confirm" {
                    self.advance(flow, step, *next);
                } else if let Some(field) = v.strip_prefix("edit:")
                    && let Some((target, _)) = flow.field_step(field)
                {
                    let a = self.st.active.as_mut().expect("active");
                    a.return_to = Some(step.id.to_string());
                    a.history.push(step.id.to_string());
                    a.step = target.id.to_string();
                }
            }
            (_, Answer::Text(text)) => {
                if !self.try_fact(text) {
                    self.not_an_option();
                }
            }
            (_, Answer::Pick(_)) => {}
        }
    }

    fn data_mut(&mut self) -> &mut std::collections::BTreeMap<String, Value> {
        &mut self.st.active.as_mut().expect("active flow").data
    }

    fn answer_pending(&mut self, pending: Pending, answer: Answer<'_>) {
        if matches!(
            pending,
            Pending::ConfirmLeaveDesk
                | Pending::Rating(_)
                | Pending::RatingComment(..)
                | Pending::AddToCase(_)
        ) {
            return self.answer_desk_pending(pending, answer);
        }
        match (pending, answer) {
            (Pending::Language, Answer::Pick(v)) => {
                self.st.pending = None;
                if let Some(lang) = Lang::from_tag(&v) {
                    self.set_lang(lang);
                }
            }
            (Pending::HumanDescription, Answer::Pick(_)) => {
                self.st.pending = None;
                self.note(m!("human-cancelled"));
            }
            (Pending::HumanDescription, Answer::Text(text)) => {
                self.st.pending = None;
                self.create_human_case(text);
            }
            (Pending::ConfirmSwitch(id), Answer::Pick(v)) => {
                self.st.pending = None;
                match (v.as_str(), self.defs.flow(&id)) {
                    ("yes", Some(flow)) => self.switch_to(flow),
                    _ => {
                        self.st.menu_open = false;
                        self.note(m!("cancel-kept"));
                    }
                }
            }
            (Pending::ConfirmCancel, Answer::Pick(v)) => {
                self.st.pending = None;
                if v == "yes" {
                    self.do_cancel();
                } else {
                    self.note(m!("cancel-kept"));
                }
            }
            (Pending::Consent, Answer::Pick(v)) => {
                self.st.pending = None;
                let agreed = v == "yes";
                self.st.consent = Some(Consent {
                    at: self.inb.now,
                    version: CONSENT_VERSION.into(),
                    agreed,
                });
                if !agreed {
                    // Nothing personal is asked: the procedure stops here; the guides and the
                    // staff remain.
                    self.st.active = None;
                    self.st.menu_open = true;
                    self.note(m!("consent-declined"));
                }
            }
            (Pending::ConfirmErase, Answer::Pick(v)) => {
                self.st.pending = None;
                if v == "yes" {
                    self.erase();
                } else {
                    self.note(m!("erase-kept"));
                }
            }
            (_, Answer::Text(_)) => self.not_an_option(),
            (
                Pending::ConfirmLeaveDesk
                | Pending::Rating(_)
                | Pending::RatingComment(..)
                | Pending::AddToCase(_),
                _,
            ) => {}
        }
    }

    fn not_an_option(&mut self) {
        match self.choices().len() {
            1 => self.note(m!("choose-option-one")),
            count => self.note_v(m!("choose-option"), &[("count", count.to_string())]),
        }
    }

    fn answer_menu(&mut self, answer: Answer<'_>) {
        match answer {
            Answer::Pick(v) => match v.as_str() {
                "continue" => self.st.menu_open = false,
                "status" => self.status(),
                "human" => self.st.pending = Some(Pending::HumanDescription),
                "lang" => self.st.pending = Some(Pending::Language),
                other => {
                    if let Some(flow) = other
                        .strip_prefix("flow:")
                        .and_then(|id| self.defs.flow(id))
                    {
                        self.start_flow(flow);
                    }
                }
            },
            Answer::Text(text) => match intents::match_text(text) {
                Some(Intent::Flow(id)) => {
                    if let Some(flow) = self.defs.flow(id) {
                        self.start_flow(flow);
                    }
                }
                Some(Intent::Fact(id)) => self.note(id),
                Some(Intent::Human) => self.st.pending = Some(Pending::HumanDescription),
                None => {
                    self.note(m!("not-understood"));
                    self.st.menu_open = true;
                }
            },
        }
    }

    /// Answers a question about the procedures asked in the middle of a step; a question about
    /// another procedure gets a pointer to it (the current step stays as it is).
    fn try_fact(&mut self, text: &str) -> bool {
        match intents::match_text(text) {
            Some(Intent::Fact(id)) => {
                self.note(id);
                true
            }
            Some(Intent::Human) => {
                self.st.pending = Some(Pending::HumanDescription);
                true
            }
            Some(Intent::Flow(id)) if self.flow().is_none_or(|f| f.id != id) => {
                match self.defs.flow(id) {
                    Some(flow) => {
                        let title = self.t(flow.title);
                        self.note_v(m!("flow-hint"), &[("flow", title)]);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        }
    }

    fn checklist(
        &mut self,
        flow: &'static Flow,
        step: &'static Step,
        items: &'static [MsgId],
        memory: &str,
        next: Next,
        answer: Answer<'_>,
    ) {
        let mut set = self
            .st
            .memory
            .get(memory)
            .and_then(Value::as_set)
            .cloned()
            .unwrap_or_default();
        let toggle = |set: &mut BTreeSet<u16>, i: u16| {
            if !set.remove(&i) {
                set.insert(i);
            }
        };
        match answer {
            Answer::Pick(v) if v == "done" => return self.advance(flow, step, next),
            Answer::Pick(v) => {
                if let Some(i) = v.strip_prefix('i').and_then(|n| n.parse::<u16>().ok()) {
                    toggle(&mut set, i);
                }
            }
            Answer::Text(text) => {
                // Several numbers at once: "1 3", "1,2".
                let nums: Vec<u16> = text
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| s.parse().ok())
                    .collect();
                let valid =
                    !nums.is_empty() && nums.iter().all(|&n| n >= 1 && (n as usize) <= items.len());
                if !valid {
                    if !self.try_fact(text) {
                        self.note_v(m!("checklist-help"), &[("count", items.len().to_string())]);
                    }
                    return;
                }
                for n in nums {
                    toggle(&mut set, n);
                }
            }
        }
        self.st.memory.insert(memory.to_string(), Value::Set(set));
    }

    fn input(
        &mut self,
        flow: &'static Flow,
        step: &'static Step,
        field: &str,
        kind: InputKind,
        next: Next,
        text: &str,
    ) {
        // "berapa ukuran maksimal file?" typed at a name step is a question, not a name.
        if intents::looks_like_question(text) && self.try_fact(text) {
            return;
        }
        let today = self.inb.now.date_naive();
        match input::check(kind, text, self.defs.regions, today) {
            Ok(acc) => match acc.warning {
                Some((id, vars)) => {
                    self.note_v(id, &vars);
                    self.st.active.as_mut().expect("active").unconfirmed =
                        Some((field.to_string(), Value::Text(acc.value)));
                }
                None => {
                    self.data_mut()
                        .insert(field.to_string(), Value::Text(acc.value));
                    self.advance(flow, step, next);
                }
            },
            Err((id, vars)) => self.note_v(id, &vars),
        }
    }

    fn region_search(&mut self, level: RegionLevel, text: &str) {
        let options = self.region_options(level);
        let found: Vec<_> = regions::search(&options, text);
        if found.is_empty() {
            if !self.try_fact(text) {
                self.note_v(
                    m!("region-not-found"),
                    &[("query", text.chars().take(60).collect())],
                );
            }
            return;
        }
        if found.len() == 1 || normalize(found[0].name()) == normalize(text) {
            let code = found[0].code().to_string();
            return self.answer(Answer::Pick(code));
        }
        let list = found
            .iter()
            .take(8)
            .map(|r| format!("• {}", r.name()))
            .collect::<Vec<_>>()
            .join("\n");
        self.note_v(m!("region-several"), &[("list", list)]);
    }

    fn region_options(&self, level: RegionLevel) -> Vec<RegionEntry> {
        let r = self.defs.regions;
        let data = self.st.active.as_ref().map(|a| &a.data);
        let field = |f: &str| {
            data.and_then(|d| d.get(f))
                .and_then(Value::as_text)
                .unwrap_or("")
                .to_string()
        };
        match level {
            RegionLevel::Province => r.provinces().iter().map(entry).collect(),
            RegionLevel::Regency { province_field } => r
                .regencies_of(&field(province_field))
                .iter()
                .map(entry)
                .collect(),
            RegionLevel::District { regency_field } => r
                .districts_of(&field(regency_field))
                .iter()
                .map(entry)
                .collect(),
        }
    }

    /// A new province empties the regency and district chosen under the old one.
    fn clear_dependent_regions(&mut self, flow: &'static Flow, field: &str) {
        let mut changed = vec![field.to_string()];
        while let Some(parent) = changed.pop() {
            for s in flow.steps {
                if let Kind::Region {
                    field: f, level, ..
                } = s.kind
                {
                    let depends = match level {
                        RegionLevel::Regency { province_field } => province_field == parent,
                        RegionLevel::District { regency_field } => regency_field == parent,
                        RegionLevel::Province => false,
                    };
                    if depends && self.data_mut().remove(f).is_some() {
                        changed.push(f.to_string());
                    }
                }
            }
        }
    }

    fn file(&mut self, f: FileInfo) {
        if self.st.pending.is_some() || self.st.menu_open {
            self.note(m!("file-not-expected"));
            return;
        }
        let Some((flow, step)) = self.current_step() else {
            self.note(m!("file-not-expected"));
            return;
        };
        let Kind::Upload {
            field,
            label,
            rule,
            next,
            ..
        } = step.kind
        else {
            self.note(m!("file-not-expected"));
            return;
        };
        let problems = files::check(rule, &f);
        if problems.is_empty() {
            let name = f.name.clone().unwrap_or_else(|| self.t(label));
            self.note_v(
                m!("upload-accepted"),
                &[("name", name), ("size", files::human_size(f.size))],
            );
            self.data_mut().insert(field.to_string(), Value::File(f));
            self.advance(flow, step, next);
        } else {
            for (id, vars) in problems {
                self.note_v(id, &vars);
            }
        }
    }

    // ----- moving through a flow -----

    fn advance(&mut self, flow: &'static Flow, step: &'static Step, next: Next) {
        let a = self.st.active.as_mut().expect("active flow");
        a.history.push(step.id.to_string());
        if a.history.len() > 200 {
            a.history.remove(0);
        }
        // Correcting one field from a summary goes straight back to the summary, unless a new
        // province or regency emptied the regions under it: those are asked first.
        if is_field_step(step) && a.return_to.is_some() {
            match emptied_dependent_region(flow, step, &a.data) {
                Some(dependent) => a.step = dependent.to_string(),
                None => a.step = a.return_to.take().expect("checked"),
            }
            return;
        }
        match self.resolve_next(next) {
            Some(id) => self.enter(id),
            None => self.finish_flow(flow),
        }
    }

    fn resolve_next(&self, next: Next) -> Option<&'static str> {
        match next {
            Next::To(id) => Some(id),
            Next::End => None,
            Next::Decide(f) => {
                let a = self.st.active.as_ref()?;
                Some(f(&self.view(a)))
            }
        }
    }

    fn view<'v>(&'v self, a: &'v ActiveFlow) -> View<'v> {
        View {
            data: &a.data,
            memory: &self.st.memory,
            lang: self.st.lang,
            locales: &self.defs.locales,
            now: self.inb.now,
        }
    }

    /// Enters a step, running action steps until one waits for the user.
    fn enter(&mut self, id: &'static str) {
        let Some(flow) = self.flow() else { return };
        let mut id = id;
        for _ in 0..64 {
            let Some(step) = flow.step(id) else {
                tracing::error!(flow = flow.id, step = id, "flow refers to a missing step");
                self.st.active = None;
                self.note(m!("flow-gone"));
                return;
            };
            self.st.active.as_mut().expect("active").step = id.to_string();
            let Kind::Action { run } = step.kind else {
                return;
            };
            let next = self.run_action(flow, run);
            match self.resolve_next(next) {
                Some(n) => id = n,
                None => return self.finish_flow(flow),
            }
        }
        tracing::error!(flow = flow.id, "action steps loop");
    }

    fn run_action(&mut self, flow: &'static Flow, run: super::flow::ActionFn) -> Next {
        let a = self.st.active.as_mut().expect("active");
        let mut act = Act {
            data: &mut a.data,
            memory: &mut self.st.memory,
            lang: self.st.lang,
            locales: &self.defs.locales,
            regions: self.defs.regions,
            now: self.inb.now,
            nonce: self.inb.nonce,
            queue: flow.queue,
            transcript: self.st.transcript.iter().cloned().collect(),
            said: Vec::new(),
            effects: Vec::new(),
            sealed: false,
        };
        let next = run(&mut act);
        let (said, effects, sealed) = (act.said, act.effects, act.sealed);
        if sealed {
            self.st.active.as_mut().expect("active").history.clear();
        }
        self.effects.extend(effects);
        for s in said {
            match s {
                Said::Note(t) => self.notes.push(t),
                Said::Message(text, file) => self.push_message(text, file),
            }
        }
        next
    }

    fn push_message(&mut self, text: String, file: Option<OutFile>) {
        // Notes said so far come first, in their own message.
        if !self.notes.is_empty() {
            let notes = std::mem::take(&mut self.notes).join("\n\n");
            self.replies.push(Reply {
                text: notes,
                ..Default::default()
            });
        }
        self.st.remember_line(false, &text);
        self.replies.push(Reply {
            text,
            file,
            ..Default::default()
        });
    }

    fn finish_flow(&mut self, flow: &'static Flow) {
        self.st.active = None;
        self.note_v(m!("flow-finished"), &[("flow", self.t(flow.title))]);
        self.st.menu_open = true;
    }

    fn create_human_case(&mut self, description: &str) {
        let queue = self.flow().map(|f| f.queue).unwrap_or(Queue::General);
        let (fields, attachments) = match (self.flow(), self.st.active.as_ref()) {
            (Some(flow), Some(a)) => {
                collected_fields(&self.defs.locales, self.defs.regions, flow, &a.data)
            }
            _ => (Vec::new(), Vec::new()),
        };
        let reference = reference::make(queue, self.inb.now, self.inb.nonce);
        self.effects.push(Effect::CreateCase(NewCase {
            reference: reference.clone(),
            queue,
            kind: CaseKind::HumanRequest,
            fields,
            attachments,
            summary: description.chars().take(2000).collect(),
            transcript: self.st.transcript.iter().cloned().collect(),
        }));
        self.note_v(
            m!("human-case-created"),
            &[
                ("reference", reference.clone()),
                ("queue", self.t(queue.label())),
            ],
        );
        if self.st.active.is_some() {
            self.note(m!("human-case-continue"));
        }
        // Waiting for an agent: the bot keeps the conversation until one claims the case.
        self.st.desk = Some(DeskLink {
            reference,
            agent: None,
        });
    }

    // ----- prompts -----

    /// The options of the current prompt, without keys.
    fn choices(&self) -> Vec<Choice> {
        let c = |value: &str, label: String| Choice {
            value: value.to_string(),
            label,
        };
        if let Some(p) = &self.st.pending {
            if let Some(v) = self.desk_choices(p) {
                return v;
            }
            return match p {
                Pending::Language => vec![
                    c("id", "Bahasa Indonesia".into()),
                    c("en", "English".into()),
                ],
                Pending::HumanDescription => vec![c("cancel", self.t(m!("opt-cancel")))],
                Pending::ConfirmSwitch(id) => {
                    let (old, new) = self.switch_titles(id);
                    vec![
                        c("yes", self.tv(m!("opt-switch-yes"), &[("flow", new)])),
                        c("no", self.tv(m!("opt-switch-no"), &[("flow", old)])),
                    ]
                }
                Pending::ConfirmCancel => {
                    vec![
                        c("yes", self.t(m!("opt-yes-cancel"))),
                        c("no", self.t(m!("opt-no-continue"))),
                    ]
                }
                Pending::ConfirmErase => {
                    vec![
                        c("yes", self.t(m!("opt-erase-yes"))),
                        c("no", self.t(m!("opt-erase-no"))),
                    ]
                }
                Pending::Consent => {
                    vec![
                        c("yes", self.t(m!("opt-consent-yes"))),
                        c("no", self.t(m!("opt-consent-no"))),
                    ]
                }
                Pending::ConfirmLeaveDesk
                | Pending::Rating(_)
                | Pending::RatingComment(..)
                | Pending::AddToCase(_) => Vec::new(),
            };
        }
        let Some((flow, step)) = self.current_step().filter(|_| !self.st.menu_open) else {
            return self.menu_choices();
        };
        let a = self.st.active.as_ref().expect("active");
        if a.unconfirmed.is_some() {
            return vec![
                c("confirm", self.t(m!("opt-confirm-value"))),
                c("change", self.t(m!("opt-change-value"))),
            ];
        }
        match step.kind {
            Kind::Info { .. } => vec![c("next", self.t(m!("opt-next")))],
            Kind::Choice { options, .. } => options
                .iter()
                .map(|o| c(o.value, self.t(o.label)))
                .collect(),
            Kind::Checklist { items, memory, .. } => {
                let set = self.st.memory.get(memory).and_then(Value::as_set);
                let mut v: Vec<Choice> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let ticked = set.is_some_and(|s| s.contains(&((i + 1) as u16)));
                        let mark = if ticked { "✅" } else { "⬜" };
                        c(&format!("i{}", i + 1), format!("{mark} {}", self.t(item)))
                    })
                    .collect();
                v.push(c("done", self.t(m!("opt-done"))));
                v
            }
            Kind::Tracker { items, .. } => items
                .iter()
                .enumerate()
                .map(|(i, item)| c(&(i + 1).to_string(), self.t(item)))
                .collect(),
            Kind::Region { level, .. } => self
                .region_options(level)
                .into_iter()
                .map(|e| Choice {
                    value: e.code,
                    label: e.name,
                })
                .collect(),
            Kind::Upload { optional: true, .. } => vec![c("skip", self.t(m!("opt-skip")))],
            Kind::Summary {
                fields, confirm, ..
            } => {
                let mut v = vec![c("confirm", self.t(confirm))];
                for f in fields {
                    if let Some((_, label)) = flow.field_step(f) {
                        v.push(c(
                            &format!("edit:{f}"),
                            self.tv(m!("opt-edit-field"), &[("field", self.t(label))]),
                        ));
                    }
                }
                v
            }
            Kind::Input { .. } | Kind::Upload { .. } | Kind::Action { .. } => Vec::new(),
        }
    }

    fn menu_choices(&self) -> Vec<Choice> {
        let mut v = Vec::new();
        // The procedures keep their numbers whether or not one is paused.
        for f in self.defs.flows {
            v.push(Choice {
                value: format!("flow:{}", f.id),
                label: self.t(f.title),
            });
        }
        if let Some(flow) = self.flow() {
            v.push(Choice {
                value: "continue".into(),
                label: self.tv(m!("opt-continue-flow"), &[("flow", self.t(flow.title))]),
            });
        }
        v.push(Choice {
            value: "status".into(),
            label: self.t(m!("opt-status")),
        });
        v.push(Choice {
            value: "human".into(),
            label: self.t(m!("opt-human")),
        });
        v.push(Choice {
            value: "lang".into(),
            label: self.t(m!("opt-language")),
        });
        v
    }

    /// Text of the current prompt.
    fn prompt_text(&self) -> (String, OptionsStyle) {
        if let Some(p) = &self.st.pending {
            if let Some(text) = self.desk_prompt(p) {
                return (text, OptionsStyle::Plain);
            }
            let id = match p {
                Pending::Language => m!("language-ask"),
                Pending::HumanDescription if self.st.active.is_none() => m!("human-ask-plain"),
                Pending::HumanDescription => m!("human-ask"),
                Pending::ConfirmCancel => m!("cancel-confirm"),
                Pending::ConfirmErase => m!("erase-confirm"),
                Pending::Consent => {
                    let r = &self.defs.retention;
                    let vars = [
                        (
                            "identifier_days",
                            r.identifiers_after.num_days().to_string(),
                        ),
                        ("case_days", r.anonymise_after.num_days().to_string()),
                    ];
                    return (self.tv(m!("consent-ask"), &vars), OptionsStyle::Plain);
                }
                Pending::ConfirmSwitch(id) => {
                    let (old, new) = self.switch_titles(id);
                    let vars = [("old", old), ("new", new)];
                    return (self.tv(m!("switch-confirm"), &vars), OptionsStyle::Plain);
                }
                Pending::ConfirmLeaveDesk
                | Pending::Rating(_)
                | Pending::RatingComment(..)
                | Pending::AddToCase(_) => {
                    unreachable!("desk questions have their own prompt")
                }
            };
            return (self.t(id), OptionsStyle::Plain);
        }
        let Some((flow, step)) = self.current_step().filter(|_| !self.st.menu_open) else {
            return (self.t(m!("menu")), OptionsStyle::Plain);
        };
        let a = self.st.active.as_ref().expect("active");
        if a.unconfirmed.is_some() {
            return (self.t(m!("confirm-value-ask")), OptionsStyle::Plain);
        }
        let vars: Vars = step.vars.map(|f| f(&self.view(a))).unwrap_or_default();
        let mut text = String::new();
        if step.pos > 0 {
            let p = [
                ("pos", step.pos.to_string()),
                ("total", flow.total.to_string()),
                ("flow", self.t(flow.title)),
            ];
            text.push_str(&self.tv(m!("progress"), &p));
            text.push('\n');
        }
        text.push_str(&self.tv(step.text, &vars));
        let mut style = OptionsStyle::Plain;
        match step.kind {
            Kind::Checklist { .. } => style = OptionsStyle::Checklist,
            Kind::Upload { field, .. } => {
                if let Some(f) = a.data.get(field).and_then(Value::as_file) {
                    let vars = [
                        ("name", f.name.clone().unwrap_or_else(|| "file".into())),
                        ("size", files::human_size(f.size)),
                    ];
                    text.push_str("\n\n");
                    text.push_str(&self.tv(m!("upload-have"), &vars));
                }
            }
            Kind::Region { .. } => {
                style = OptionsStyle::LongList;
            }
            Kind::Summary { fields, .. } => {
                for f in fields.iter() {
                    if let Some((_, label)) = flow.field_step(f) {
                        let value = a
                            .data
                            .get(*f)
                            .map(|v| display_value(self.defs.regions, v))
                            .unwrap_or_else(|| "—".into());
                        text.push_str(&format!("\n• {}: {}", self.t(label), value));
                    }
                }
            }
            _ => {}
        }
        (text, style)
    }

    /// Whether the prompt about to be shown asks for personal data that the user has not
    /// agreed to give (the notice comes first).
    fn needs_consent(&self) -> bool {
        if self.st.consent.as_ref().is_some_and(|c| c.agreed) || self.st.desk.is_some() {
            return false;
        }
        matches!(
            self.expected_input(),
            Some(
                InputKind::PersonName
                    | InputKind::Nik
                    | InputKind::Nip
                    | InputKind::Phone
                    | InputKind::Mobile
                    | InputKind::Email
                    | InputKind::BirthDate
            )
        )
    }

    fn finish(mut self) -> Outcome {
        if self.needs_consent() {
            self.st.pending = Some(Pending::Consent);
        }
        if self.agent_owns() && self.st.pending.is_none() {
            // An agent owns the conversation: no prompt of the bot's, only what it had to say.
            self.flush_notes();
            return Outcome {
                state: self.st,
                replies: self.replies,
                effects: self.effects,
                withheld: self.withheld,
            };
        }
        let identity = self.prompt_identity();
        let same_prompt = identity == self.st.prompt;
        if !same_prompt {
            self.st.seq += 1;
            self.st.prompt = identity;
        }
        // A button pressed on the prompt that stays on screen with nothing else to say (a ticked
        // checklist item): channels that can edit a message redraw it in place.
        let redraw = same_prompt
            && matches!(self.inb.event, Event::Choice { .. })
            && self.notes.is_empty()
            && self.replies.is_empty();
        let (text, style) = self.prompt_text();
        let seq = self.st.seq;
        let options: Vec<ReplyOption> = self
            .choices()
            .into_iter()
            .map(|c| ReplyOption {
                key: format!("{seq}:{}", c.value),
                label: c.label,
            })
            .collect();
        let mut full = std::mem::take(&mut self.notes);
        full.push(text);
        let text = full.join("\n\n");
        self.st.remember_line(false, &text);
        self.replies.push(Reply {
            text,
            options,
            style,
            file: None,
            redraw,
            media: None,
        });
        Outcome {
            state: self.st,
            replies: self.replies,
            effects: self.effects,
            withheld: self.withheld,
        }
    }

    fn prompt_identity(&self) -> String {
        match (&self.st.pending, &self.st.active) {
            (Some(p), _) => format!("pending:{p:?}"),
            _ if self.st.menu_open => "menu".to_string(),
            (None, Some(a)) => format!("{}/{}/{}", a.flow, a.step, a.unconfirmed.is_some()),
            (None, None) => "menu".to_string(),
        }
    }
}

/// The region step under `step` (a regency under a province, a district under a regency) whose
/// answer is missing, e.g. after [`Machine::clear_dependent_regions`].
fn emptied_dependent_region(
    flow: &Flow,
    step: &Step,
    data: &std::collections::BTreeMap<String, Value>,
) -> Option<&'static str> {
    let Kind::Region { field: parent, .. } = step.kind else {
        return None;
    };
    flow.steps.iter().find_map(|s| match s.kind {
        Kind::Region {
            field,
            level: RegionLevel::Regency { province_field: p },
            ..
        }
        | Kind::Region {
            field,
            level: RegionLevel::District { regency_field: p },
            ..
        } if p == parent && !data.contains_key(field) => Some(s.id),
        _ => None,
    })
}

fn is_field_step(step: &Step) -> bool {
    matches!(
        step.kind,
        Kind::Input { .. } | Kind::Region { .. } | Kind::Upload { .. }
    )
}

fn strip_marks(label: &str) -> &str {
    label.trim_start_matches(['✅', '⬜', ' '])
}

/// A stored value as the user sees it in a summary.
pub fn display_value(regions: &Regions, v: &Value) -> String {
    match v {
        Value::Text(s) => region_name(regions, s).unwrap_or_else(|| s.clone()),
        Value::Num(n) => n.to_string(),
        Value::Set(s) => s.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
        Value::File(f) => format!(
            "📎 {} ({})",
            f.name.as_deref().unwrap_or("file"),
            files::human_size(f.size)
        ),
        Value::Records(r) => r.len().to_string(),
    }
}

/// Region codes are stored as digits; show their names.
fn region_name(r: &Regions, s: &str) -> Option<String> {
    if !s.chars().all(|c| c.is_ascii_digit()) || !matches!(s.len(), 2 | 4 | 6) {
        return None;
    }
    match s.len() {
        2 => r.province(s).map(|p| p.name.clone()),
        4 => r.regency(s).map(|p| p.name.clone()),
        _ => r.district(s).map(|p| p.name.clone()),
    }
}

/// The fields a flow collected, labelled in Indonesian (the helpdesk's language), and its files.
pub fn collected_fields(
    locales: &Locales,
    regions: &Regions,
    flow: &Flow,
    data: &std::collections::BTreeMap<String, Value>,
) -> (Vec<(String, String)>, Vec<FileInfo>) {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    for s in flow.steps {
        let (field, label) = match s.kind {
            Kind::Input { field, label, .. }
            | Kind::Region { field, label, .. }
            | Kind::Upload { field, label, .. } => (field, label),
            Kind::Choice {
                save: Some(field),
                options,
            } => {
                if let Some(v) = data.get(field).and_then(Value::as_text)
                    && let Some(o) = options.iter().find(|o| o.value == v)
                {
                    let question = locales.text(Lang::Id, s.text, &[]);
                    let label = question.lines().next().unwrap_or("").to_string();
                    fields.push((label, locales.text(Lang::Id, o.label, &[])));
                }
                continue;
            }
            _ => continue,
        };
        match data.get(field) {
            Some(Value::File(f)) => files.push(f.clone()),
            Some(v) => fields.push((
                locales.text(Lang::Id, label, &[]),
                display_value(regions, v),
            )),
            None => {}
        }
    }
    (fields, files)
}
