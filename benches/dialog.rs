//! The dialog core alone (no I/O): how long one flow step takes, with criterion.
//!
//! `cargo bench --bench dialog` measures; under `cargo test` each benchmark runs once.
//! The steps are those of the KYC complaint walk (`support/kyc.rs`), the one the throughput
//! benchmark drives through the real bot.

use std::hint::black_box;

use chrono::Utc;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use pandu::dialog::{self, Conversation, Defs, Inbound};

#[path = "support/kyc.rs"]
mod kyc;

fn flow_steps(c: &mut Criterion) {
    let defs = Defs::load().expect("texts load");
    let now = Utc::now();
    let steps = kyc::walk(&defs, 1, kyc::answers(1), now).steps;
    let at = |want: &kyc::Act| {
        steps
            .iter()
            .find(|s| &s.act == want)
            .unwrap_or_else(|| panic!("no step {want:?}"))
    };
    let nik = |prefix: &str| {
        steps
            .iter()
            .find(|s| matches!(&s.act, kyc::Act::Text(t) | kyc::Act::Wrong(t) if t.starts_with(prefix)))
            .expect("a NIK step")
    };
    let cases = [
        ("start /start kyc (new conversation)", &steps[0]),
        (
            "press a button (what went wrong)",
            at(&kyc::Act::Press("Pop-up belum berhasil")),
        ),
        ("type a name", at(&kyc::Act::Text("Budi Santoso".into()))),
        (
            "type a wrong email",
            at(&kyc::Act::Wrong("budi@puskesmas".into())),
        ),
        ("type a valid NIK", nik("337401570890")),
        ("type a wrong NIK (month 13)", nik("337401171390")),
        (
            "send a screenshot (to the summary)",
            steps
                .iter()
                .rfind(|s| matches!(s.act, kyc::Act::Photo(_)))
                .expect("a photo"),
        ),
        (
            "submit the complaint (a case)",
            steps.last().expect("steps"),
        ),
    ];
    let mut group = c.benchmark_group("flow step");
    for (name, step) in cases {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    (
                        step.before.clone(),
                        Inbound {
                            event: step.event.clone(),
                            now,
                            open_cases: Vec::new(),
                            nonce: 7,
                        },
                    )
                },
                |(state, inbound)| black_box(dialog::step(&defs, state, &inbound)),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    c.bench_function("whole complaint walk (23 steps)", |b| {
        b.iter(|| {
            let mut state = Conversation::default();
            for s in &steps {
                let out = dialog::step(
                    &defs,
                    state,
                    &Inbound {
                        event: s.event.clone(),
                        now,
                        open_cases: Vec::new(),
                        nonce: 7,
                    },
                );
                state = black_box(out.state);
            }
            state
        })
    });

    // Not the core, but done with every step: the stored state is read and written as JSON.
    let review = &steps.last().expect("steps").before;
    let json = serde_json::to_string(review).expect("state serialises");
    c.bench_function("state JSON read + write (at the summary)", |b| {
        b.iter(|| {
            let state: Conversation = serde_json::from_str(black_box(&json)).expect("state reads");
            black_box(serde_json::to_string(&state).expect("state serialises"))
        })
    });
}

criterion_group!(benches, flow_steps);
criterion_main!(benches);
