//! The dialog core with the agents' desk: who owns the conversation, relaying, leaving,
//! resolving and rating. Pure: events in, replies and effects out.

mod common;

use common::{Sim, kyc_complaint_form};
use pandu::dialog::Event;
use pandu::dialog::model::{DeskEvent, Effect, FileInfo, FileKind, FileType, Queue};

fn desk(sim: &mut Sim, ev: DeskEvent) -> String {
    sim.event(Event::Desk(ev))
}

fn relays(sim: &Sim) -> Vec<(Option<String>, Option<String>)> {
    sim.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Relay(r) => {
                Some((r.text.clone(), r.file.as_ref().map(|f| f.reference.clone())))
            }
            _ => None,
        })
        .collect()
}

/// A human request while filling the KYC form, claimed by an agent.
fn with_agent(sim: &mut Sim) -> String {
    kyc_complaint_form(sim);
    sim.say("Budi Santoso");
    sim.say("/petugas");
    sim.say("Pop-up terus muncul");
    let reference = sim.cases()[0].reference.clone();
    // While it waits, the bot keeps the conversation: the form goes on.
    assert!(
        sim.text().contains("Alamat email pelapor"),
        "{}",
        sim.text()
    );
    sim.say("budi@puskesmas.example.id");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_phone"));
    assert!(relays(sim).is_empty());
    let t = desk(
        sim,
        DeskEvent::Claimed {
            reference: reference.clone(),
            agent: "Rina (CS)".into(),
        },
    );
    assert!(t.contains("Rina (CS)") && t.contains(&reference), "{t}");
    reference
}

#[test]
fn while_an_agent_owns_the_conversation_messages_go_to_the_case() {
    let mut sim = Sim::new();
    let reference = with_agent(&mut sim);
    // Text and files are relayed; the bot says nothing and runs no flow.
    let t = sim.say("0812-3456-7890");
    assert_eq!(t, "");
    assert_eq!(
        sim.step_id().as_deref(),
        Some("reporter_phone"),
        "the form waits"
    );
    sim.event(Event::File(FileInfo {
        reference: "tg-file-1".into(),
        name: None,
        mime: Some("image/jpeg".into()),
        size: 1000,
        kind: FileKind::Photo,
        sniffed: Some(FileType::Jpeg),
        origin: None,
    }));
    assert_eq!(
        relays(&sim),
        vec![
            (Some("0812-3456-7890".into()), None),
            (None, Some("tg-file-1".into()))
        ]
    );
    // Other commands are explained, not run.
    let t = sim.say("/menu");
    assert!(
        t.contains("terhubung dengan petugas") && t.contains(&reference),
        "{t}"
    );
    // A password is never relayed.
    let before = relays(&sim).len();
    sim.say("password: Sehat2024");
    assert_eq!(relays(&sim).len(), before);
    // The agent's messages reach the user with their name, files with them.
    let t = desk(
        &mut sim,
        DeskEvent::Message {
            reference: reference.clone(),
            agent: "Rina (CS)".into(),
            text: Some("Boleh kirim foto layar pop-up?".into()),
            media: None,
        },
    );
    assert_eq!(t, "👤 Rina (CS): Boleh kirim foto layar pop-up?");
    // A restart keeps the ownership.
    sim.restart();
    sim.say("Ini fotonya");
    assert_eq!(relays(&sim).len(), before + 1);
}

#[test]
fn leaving_the_agent_is_confirmed_and_the_case_stays_open() {
    let mut sim = Sim::new();
    let reference = with_agent(&mut sim);
    let t = sim.say("/batal");
    assert!(t.contains("Keluar dari percakapan dengan petugas"), "{t}");
    let t = sim.press("Tetap dengan petugas");
    assert!(t.contains("tetap terhubung"), "{t}");
    sim.say("/batal");
    let t = sim.press("Ya, keluar");
    assert!(t.contains("tetap terbuka"), "{t}");
    assert!(
        sim.effects
            .iter()
            .any(|e| matches!(e, Effect::LeaveDesk { reference: r } if *r == reference))
    );
    // The bot has the conversation again: the form continues.
    assert!(
        sim.text().contains("Nomor telepon pelapor"),
        "{}",
        sim.text()
    );
    sim.say("0812-3456-7890");
    assert_eq!(sim.step_id().as_deref(), Some("patient_name"));
}

#[test]
fn a_resolved_case_is_rated_with_an_optional_comment() {
    let mut sim = Sim::new();
    let reference = with_agent(&mut sim);
    desk(
        &mut sim,
        DeskEvent::WaitingUser {
            reference: reference.clone(),
        },
    );
    let t = desk(
        &mut sim,
        DeskEvent::Resolved {
            reference: reference.clone(),
        },
    );
    assert!(
        t.contains("selesai") && t.contains("1 (kurang) sampai 5"),
        "{t}"
    );
    assert_eq!(sim.options().len(), 6);
    let t = sim.press("4 ⭐");
    assert!(t.contains("komentar"), "{t}");
    let t = sim.say("Cepat dan jelas, terima kasih");
    assert!(t.contains("Terima kasih atas penilaian"), "{t}");
    assert!(sim.effects.iter().any(|e| matches!(
        e,
        Effect::Rate { reference: r, rating: 4, comment: Some(c) } if *r == reference && c.starts_with("Cepat")
    )));
    // After the rating the bot owns the conversation again.
    sim.say("0812-3456-7890");
    assert_eq!(sim.step_id().as_deref(), Some("patient_name"));
}

#[test]
fn a_complaint_claimed_later_and_transferred_back_to_waiting() {
    let mut sim = Sim::new();
    let t = desk(
        &mut sim,
        DeskEvent::Claimed {
            reference: "KYC-261121-AAAAAA".into(),
            agent: "Andi".into(),
        },
    );
    assert!(t.contains("Andi"), "{t}");
    let t = desk(
        &mut sim,
        DeskEvent::Transferred {
            reference: "KYC-261121-AAAAAA".into(),
            queue: Queue::SatusehatOnboarding,
        },
    );
    assert!(t.contains("dialihkan"), "{t}");
    // Waiting again: the bot answers the user.
    let t = sim.say("/menu");
    assert!(t.contains("Menu utama"), "{t}");
    assert!(relays(&sim).is_empty());
}

#[test]
fn information_can_be_added_to_an_open_case_at_any_time() {
    use pandu::dialog::CaseSummary;
    use pandu::dialog::model::CaseStatus;
    let mut sim = Sim::new();
    let t = sim.say("/tambah");
    assert!(t.contains("belum punya kasus"), "{t}");
    sim.open_cases = vec![CaseSummary {
        reference: "KYC-261121-BBBBBB".into(),
        queue: Queue::Kyc,
        status: CaseStatus::Open,
        created_at: sim.now,
    }];
    let t = sim.say("/status");
    assert!(t.contains("/tambah"), "{t}");
    let t = sim.say("/tambah");
    assert!(t.contains("KYC-261121-BBBBBB"), "{t}");
    let t = sim.say("Pasien sudah mencoba di HP lain, tetap gagal");
    assert!(t.contains("Ditambahkan ke kasus KYC-261121-BBBBBB"), "{t}");
    sim.say("/add");
    sim.event(Event::File(FileInfo {
        reference: "tg-file-9".into(),
        name: Some("layar.png".into()),
        mime: Some("image/png".into()),
        size: 2000,
        kind: FileKind::Document,
        sniffed: Some(FileType::Png),
        origin: None,
    }));
    assert_eq!(
        relays(&sim),
        vec![
            (
                Some("Pasien sudah mencoba di HP lain, tetap gagal".into()),
                None
            ),
            (None, Some("tg-file-9".into()))
        ]
    );
    // Cancelling adds nothing.
    sim.say("/tambah");
    let t = sim.press("Batal");
    assert!(t.contains("tidak ada yang ditambahkan"), "{t}");
    assert_eq!(relays(&sim).len(), 2);
}

#[test]
fn after_leaving_an_agents_messages_arrive_but_do_not_take_the_conversation_back() {
    let mut sim = Sim::new();
    let reference = with_agent(&mut sim);
    sim.say("/batal");
    sim.press("Ya, keluar");
    let t = desk(
        &mut sim,
        DeskEvent::Message {
            reference: reference.clone(),
            agent: "Rina (CS)".into(),
            text: Some("Apakah sudah berhasil?".into()),
            media: None,
        },
    );
    assert!(
        t.contains("👤 Rina (CS): Apakah sudah berhasil?") && t.contains("/tambah"),
        "{t}"
    );
    // The form goes on; nothing is relayed.
    sim.say("0812-3456-7890");
    assert_eq!(sim.step_id().as_deref(), Some("patient_name"));
    assert!(relays(&sim).is_empty());
}

#[test]
fn another_case_does_not_take_over_a_chat_with_an_agent() {
    let mut sim = Sim::new();
    let reference = with_agent(&mut sim);
    // Another case of the user is claimed and then resolved meanwhile.
    let t = desk(
        &mut sim,
        DeskEvent::Claimed {
            reference: "KS-261121-CCCCCC".into(),
            agent: "Andi".into(),
        },
    );
    assert!(t.contains("Andi") && t.contains("/tambah"), "{t}");
    desk(
        &mut sim,
        DeskEvent::Resolved {
            reference: "KS-261121-CCCCCC".into(),
        },
    );
    // The chat with Rina goes on: the user's message is relayed to her case.
    sim.say("Masih gagal");
    let relayed: Vec<_> = sim
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Relay(r) => Some(r.reference.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(relayed, vec![reference]);
}
