//! Every text exists in both languages, parses, and formats; every id the code uses exists.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use pandu::i18n::{Lang, Locales};

/// Message ids written as `m!("...")` in the sources (flows included).
fn ids_in_sources() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut rest = text.as_str();
                while let Some(pos) = rest.find("m!(\"") {
                    rest = &rest[pos + 4..];
                    let end = rest.find('"').unwrap();
                    out.insert(rest[..end].to_string());
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[test]
fn locale_files_parse_and_have_the_same_ids() {
    let locales = Locales::load().expect("every .ftl file parses");
    let id: &BTreeSet<String> = locales.ids(Lang::Id);
    let en: &BTreeSet<String> = locales.ids(Lang::En);
    let only_id: Vec<_> = id.difference(en).collect();
    let only_en: Vec<_> = en.difference(id).collect();
    assert!(only_id.is_empty(), "only in locales/id: {only_id:?}");
    assert!(only_en.is_empty(), "only in locales/en: {only_en:?}");
    assert!(id.len() > 100, "suspiciously few messages: {}", id.len());
}

#[test]
fn every_message_formats_in_both_languages() {
    let locales = Locales::load().unwrap();
    for lang in Lang::ALL {
        for id in locales.ids(lang) {
            let names = locales.variables(lang, id);
            let vars: Vec<(&str, String)> = names
                .iter()
                .map(|v| (v.as_str(), "X".to_string()))
                .collect();
            let text = locales
                .try_text(lang, id, &vars)
                .unwrap_or_else(|e| panic!("{lang:?} {id}: {e}"));
            assert!(!text.trim().is_empty(), "{lang:?} {id} is empty");
            // The same variables in both languages, so a caller cannot miss one.
            let other = if lang == Lang::Id { Lang::En } else { Lang::Id };
            assert_eq!(
                locales.variables(lang, id),
                locales.variables(other, id),
                "variables of {id} differ"
            );
        }
    }
}

#[test]
fn every_id_used_by_the_code_exists() {
    let locales = Locales::load().unwrap();
    let used = ids_in_sources();
    assert!(
        used.len() > 50,
        "the scan found too few ids: {}",
        used.len()
    );
    let missing: Vec<_> = used
        .iter()
        .filter(|id| id.as_str() != "id") // the m! macro's own definition
        .filter(|id| Lang::ALL.iter().any(|l| !locales.has(*l, id)))
        .collect();
    assert!(
        missing.is_empty(),
        "used in code but missing in a locale: {missing:?}"
    );
}

#[test]
fn flows_refer_only_to_existing_steps() {
    use pandu::dialog::flow::{Kind, Next};
    let defs = common::defs();
    for flow in defs.flows {
        assert!(
            flow.step(flow.start).is_some(),
            "{}: start step missing",
            flow.id
        );
        let mut ids = BTreeSet::new();
        for s in flow.steps {
            assert!(
                ids.insert(s.id),
                "{}: step {} declared twice",
                flow.id,
                s.id
            );
            assert!(
                s.pos <= flow.total,
                "{}: step {} position beyond total",
                flow.id,
                s.id
            );
        }
        for s in flow.steps {
            let nexts = s.kind.nexts();
            for n in nexts {
                if let Next::To(id) = n {
                    assert!(
                        flow.step(id).is_some(),
                        "{}: step {} goes to missing step {id}",
                        flow.id,
                        s.id
                    );
                }
            }
            if let Kind::Summary { fields, .. } = &s.kind {
                for f in *fields {
                    assert!(
                        flow.field_step(f).is_some(),
                        "{}: summary field {f} has no step",
                        flow.id
                    );
                }
            }
        }
    }
}

/// Each procedure's texts live in `locales/<lang>/<flow id>.ftl` under the prefix of its title id;
/// the two files hold the same ids, every id the flow uses, and none it does not use.
#[test]
fn each_flow_has_its_own_complete_locale_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let defs = common::defs();
    let ftl_ids = |lang: &str, flow: &str| -> BTreeSet<String> {
        std::fs::read_to_string(root.join(format!("locales/{lang}/{flow}.ftl")))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
            .collect()
    };
    for flow in defs.flows {
        let prefix = format!("{}-", flow.title.split('-').next().unwrap());
        let src = std::fs::read_to_string(root.join(format!("src/flows/{}.rs", flow.id))).unwrap();
        let used: BTreeSet<String> = src
            .split("m!(\"")
            .skip(1)
            .filter_map(|s| s.split_once('"').map(|(id, _)| id.to_string()))
            .collect();
        let id = ftl_ids("id", flow.id);
        assert_eq!(
            id,
            ftl_ids("en", flow.id),
            "{}: the two locale files differ",
            flow.id
        );
        for u in &used {
            assert!(
                u.starts_with(&prefix),
                "{}: {u} lacks the prefix {prefix}",
                flow.id
            );
            assert!(
                id.contains(u),
                "{}: {u} missing in locales/*/{}.ftl",
                flow.id,
                flow.id
            );
        }
        let unused: Vec<_> = id.difference(&used).collect();
        assert!(unused.is_empty(), "{}: unused texts {unused:?}", flow.id);
    }
}

/// WhatsApp limits list rows to 24 characters: keep option, tracker and checklist labels short.
#[test]
fn choice_labels_fit_a_phone_list_row() {
    use pandu::dialog::flow::Kind;
    let defs = common::defs();
    for flow in defs.flows {
        for s in flow.steps {
            let labels: Vec<&str> = match &s.kind {
                Kind::Choice { options, .. } => options.iter().map(|o| o.label).collect(),
                Kind::Tracker { items, .. } | Kind::Checklist { items, .. } => items.to_vec(),
                _ => continue,
            };
            for id in labels {
                for lang in Lang::ALL {
                    let label = defs.locales.text(lang, id, &[]);
                    assert!(
                        label.chars().count() <= 24,
                        "{}/{}: {lang:?} label {label:?} is too long",
                        flow.id,
                        s.id
                    );
                }
            }
        }
    }
}
