//! Matches free text against the procedures and their facts ("kenapa KYC saya gagal" -> the KYC
//! procedure; "berapa ukuran maksimal file" -> 2 MB). A rule matches when every one of its word
//! groups has a word in the text; the rule with the most groups wins, facts before procedures.

use super::flow::MsgId;
use crate::m;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Flow(&'static str),
    Fact(MsgId),
    Human,
}

struct Rule {
    groups: &'static [&'static [&'static str]],
    intent: Intent,
}

const FILE: &[&str] = &[
    "file", "berkas", "dokumen", "pdf", "unggah", "upload", "lampiran", "document",
];
const SIZE: &[&str] = &[
    "ukuran",
    "besar",
    "size",
    "mb",
    "maks",
    "batas",
    "kapasitas",
    "limit",
    "max",
];
const KYC: &[&str] = &[
    "kyc",
    "satusehat mobile",
    "ssm",
    "verifikasi profil",
    "verifikasi pengguna",
];
const KS: &[&str] = &["keluarga sehat", "keluargasehat", "aplikasi ks", "akun ks"];

const RULES: &[Rule] = &[
    // Facts.
    Rule {
        groups: &[SIZE, FILE],
        intent: Intent::Fact(m!("fact-file-size")),
    },
    Rule {
        groups: &[&["format", "jenis", "tipe", "type"], FILE],
        intent: Intent::Fact(m!("fact-file-size")),
    },
    Rule {
        groups: &[
            &["password", "sandi", "katasandi"],
            &[
                "syarat",
                "aturan",
                "minimal",
                "rule",
                "berapa",
                "harus",
                "requirement",
                "ketentuan",
            ],
        ],
        intent: Intent::Fact(m!("fact-password-rule")),
    },
    Rule {
        groups: &[
            &["aktivasi", "aktifasi", "aktifkan", "activation", "activate"],
            &[
                "email", "surel", "link", "tautan", "tombol", "button", "mail",
            ],
        ],
        intent: Intent::Fact(m!("fact-activation-email")),
    },
    Rule {
        groups: &[&[
            "kode api",
            "client key",
            "secret key",
            "organization id",
            "api key",
            "kode akses api",
            "api code",
        ]],
        intent: Intent::Fact(m!("fact-api-codes")),
    },
    Rule {
        groups: &[&["tidak valid", "invalid", "not valid"], KYC],
        intent: Intent::Fact(m!("fact-kyc-failed-vs-invalid")),
    },
    Rule {
        groups: &[&["tidak valid", "invalid", "beda gagal", "bedanya"]],
        intent: Intent::Fact(m!("fact-kyc-failed-vs-invalid")),
    },
    Rule {
        groups: &[&[
            "coba lagi",
            "berapa kali",
            "percobaan",
            "retry",
            "try again",
            "how many times",
        ]],
        intent: Intent::Fact(m!("fact-kyc-retry-limit")),
    },
    Rule {
        groups: &[
            &[
                "formulir aduan",
                "form aduan",
                "contact us",
                "lapor",
                "aduan",
                "complaint",
            ],
            KYC,
        ],
        intent: Intent::Fact(m!("fact-kyc-complaint-form")),
    },
    Rule {
        groups: &[
            &[
                "siapa",
                "who",
                "validasi",
                "memvalidasi",
                "verifikasi",
                "validates",
                "menyetujui",
            ],
            &["klinik", "clinic", "pma", "pmdn"],
        ],
        intent: Intent::Fact(m!("fact-clinic-validator")),
    },
    Rule {
        groups: &[
            &["dokumen", "syarat", "berkas", "documents"],
            &["institusi", "portal satusehat", "institution"],
        ],
        intent: Intent::Fact(m!("fact-institution-docs")),
    },
    Rule {
        groups: &[&[
            "tidak bisa diubah",
            "tidak bisa di ubah",
            "edit",
            "ubah data",
            "salah isi",
            "change the data",
        ]],
        intent: Intent::Fact(m!("fact-data-locked")),
    },
    Rule {
        groups: &[&[
            "dasar hukum",
            "permenkes",
            "pasal",
            "regulasi",
            "legal basis",
            "peraturan",
        ]],
        intent: Intent::Fact(m!("fact-legal-basis")),
    },
    Rule {
        groups: &[&[
            "customer success",
            "klinik pintar",
            "nomor cs",
            "kontak vendor",
        ]],
        intent: Intent::Fact(m!("fact-vendor-contact")),
    },
    Rule {
        groups: &[
            KS,
            &["email", "alamat", "kirim", "dikirim", "address", "send"],
        ],
        intent: Intent::Fact(m!("fact-ks-email")),
    },
    Rule {
        groups: &[
            KS,
            &[
                "kontak",
                "contact",
                "hubungi",
                "nomor",
                "telepon",
                "cp",
                "narahubung",
            ],
        ],
        intent: Intent::Fact(m!("fact-ks-contacts")),
    },
    Rule {
        groups: &[KS, &["berapa", "jumlah", "how many", "surveyor"]],
        intent: Intent::Fact(m!("fact-ks-roster-size")),
    },
    // A person.
    Rule {
        groups: &[
            &[
                "petugas", "manusia", "operator", "orang", "admin", "agent", "human", "person",
                "cs",
            ],
            &[
                "bicara", "hubungi", "chat", "ngobrol", "talk", "speak", "minta", "mau", "ingin",
                "want",
            ],
        ],
        intent: Intent::Human,
    },
    // Procedures.
    Rule {
        groups: &[KYC],
        intent: Intent::Flow("kyc"),
    },
    Rule {
        groups: &[
            &["verifikasi", "verification"],
            &["gagal", "failed", "belum berhasil", "pasien"],
        ],
        intent: Intent::Flow("kyc"),
    },
    Rule {
        groups: &[KS],
        intent: Intent::Flow("keluarga_sehat"),
    },
    Rule {
        groups: &[&[
            "registrasi fasyankes",
            "registrasi klinik",
            "daftar klinik",
            "kode klinik",
            "register clinic",
            "clinic registration",
            "registrasifasyankes",
        ]],
        intent: Intent::Flow("clinic"),
    },
    Rule {
        groups: &[&[
            "integrasi",
            "vendor",
            "integration",
            "bridging",
            "layanan extra",
            "quotation",
        ]],
        intent: Intent::Flow("vendor"),
    },
    Rule {
        groups: &[&[
            "portal",
            "satusehat",
            "akun",
            "registrasi institusi",
            "account",
            "buat akun",
        ]],
        intent: Intent::Flow("portal"),
    },
    // Small talk, last: anything more specific wins a tie.
    Rule {
        groups: &[&[
            "halo",
            "hallo",
            "hai",
            "hello",
            "selamat pagi",
            "selamat siang",
            "selamat sore",
            "selamat malam",
            "assalamualaikum",
            "permisi",
            "good morning",
        ]],
        intent: Intent::Fact(m!("chat-hello")),
    },
    Rule {
        groups: &[&[
            "terima kasih",
            "terimakasih",
            "makasih",
            "thanks",
            "thank you",
            "tengkyu",
            "trims",
        ]],
        intent: Intent::Fact(m!("chat-thanks")),
    },
];

const QUESTION_WORDS: &[&str] = &[
    "kenapa",
    "mengapa",
    "bagaimana",
    "gimana",
    "berapa",
    "apa",
    "apakah",
    "siapa",
    "dimana",
    "kapan",
    "bisakah",
    "bolehkah",
    "why",
    "how",
    "what",
    "who",
    "where",
    "when",
    "can",
    "is",
    "does",
];

/// A message phrased as a question (a question mark, or a question word first).
pub fn looks_like_question(text: &str) -> bool {
    let t = text.trim();
    t.ends_with('?')
        || normalize(t)
            .split_whitespace()
            .next()
            .is_some_and(|w| QUESTION_WORDS.contains(&w))
}

fn normalize(text: &str) -> String {
    let s: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!(" {} ", s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn group_matches(norm: &str, group: &[&str]) -> bool {
    group.iter().any(|w| {
        if w.contains(' ') || w.len() <= 3 {
            // Phrases and short words must match whole words.
            norm.contains(&format!(" {w} "))
        } else {
            // Longer words may carry Indonesian suffixes ("dokumennya", "gagalnya").
            norm.split(' ').any(|t| t.starts_with(w))
        }
    })
}

pub fn match_text(text: &str) -> Option<Intent> {
    let norm = normalize(text);
    if norm.trim().is_empty() {
        return None;
    }
    let mut best: Option<(usize, Intent)> = None;
    for rule in RULES {
        if rule.groups.iter().all(|g| group_matches(&norm, g)) {
            let score = rule.groups.len();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, rule.intent));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// Every fact message id (for the locale tests).
pub fn fact_ids() -> Vec<MsgId> {
    RULES
        .iter()
        .filter_map(|r| match r.intent {
            Intent::Fact(id) => Some(id),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_questions_from_the_issue() {
        assert_eq!(
            match_text("kenapa KYC saya gagal"),
            Some(Intent::Flow("kyc"))
        );
        assert_eq!(
            match_text("berapa ukuran maksimal file"),
            Some(Intent::Fact("fact-file-size"))
        );
        assert_eq!(
            match_text("What is the maximum file size?"),
            Some(Intent::Fact("fact-file-size"))
        );
    }

    #[test]
    fn matches_other_facts_and_procedures() {
        assert_eq!(
            match_text("email aktivasi tidak masuk, link tidak bisa"),
            Some(Intent::Fact("fact-activation-email"))
        );
        assert_eq!(
            match_text("siapa yang validasi klinik PMA?"),
            Some(Intent::Fact("fact-clinic-validator"))
        );
        assert_eq!(
            match_text("syarat password apa saja"),
            Some(Intent::Fact("fact-password-rule"))
        );
        assert_eq!(
            match_text("kirim data keluarga sehat ke email mana"),
            Some(Intent::Fact("fact-ks-email"))
        );
        assert_eq!(match_text("mau bicara dengan petugas"), Some(Intent::Human));
        assert_eq!(
            match_text("daftar akun keluarga sehat"),
            Some(Intent::Flow("keluarga_sehat"))
        );
        assert_eq!(
            match_text("registrasi klinik baru"),
            Some(Intent::Flow("clinic"))
        );
        assert_eq!(
            match_text("cara buat akun portal satusehat"),
            Some(Intent::Flow("portal"))
        );
        assert_eq!(
            match_text("layanan integrasi vendor"),
            Some(Intent::Flow("vendor"))
        );
    }

    #[test]
    fn nothing_for_unrelated_text() {
        assert_eq!(match_text("cuaca hari ini cerah"), None);
        assert_eq!(match_text("selamat pagi"), Some(Intent::Fact("chat-hello")));
        assert_eq!(
            match_text("halo, kenapa KYC saya gagal"),
            Some(Intent::Flow("kyc"))
        );
        assert_eq!(
            match_text("terima kasih banyak"),
            Some(Intent::Fact("chat-thanks"))
        );
        assert!(looks_like_question("berapa ukuran maksimal file"));
        assert!(looks_like_question("Siti Aminah?"));
        assert!(!looks_like_question("Siti Aminah"));
        assert_eq!(match_text(""), None);
        assert_eq!(match_text("🙂🙂"), None);
    }
}
