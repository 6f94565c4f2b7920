//! User-visible text: Fluent files in `locales/<lang>/`, embedded at build time.

use std::collections::{BTreeMap, BTreeSet};

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The languages pandu speaks. Indonesian first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// From a language tag such as Telegram's `language_code` (`en-US`, `id`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" | "ind" => Some(Lang::Id),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("{lang}/{file}: Fluent syntax error(s): {errors}")]
    Syntax {
        lang: &'static str,
        file: &'static str,
        errors: String,
    },
    #[error("{lang}/{file}: message {id} is defined twice")]
    Duplicate {
        lang: &'static str,
        file: &'static str,
        id: String,
    },
}

pub struct Locales {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    ids: BTreeMap<Lang, BTreeSet<String>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field(
                "ids",
                &self.ids.values().map(BTreeSet::len).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Locales {
    /// Parses the embedded Fluent files.
    pub fn load() -> Result<Locales, I18nError> {
        Self::from_files(embedded::FILES)
    }

    pub fn from_files(
        files: &[(&'static str, &'static str, &'static str)],
    ) -> Result<Locales, I18nError> {
        let mut bundles = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for lang in Lang::ALL {
            let tag: LanguageIdentifier = lang.code().parse().expect("static language tag");
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            bundle.set_use_isolating(false);
            let mut seen = BTreeSet::new();
            for &(l, file, source) in files.iter().filter(|(l, _, _)| *l == lang.code()) {
                let syntax = |errors: String| I18nError::Syntax {
                    lang: l,
                    file,
                    errors,
                };
                let resource = FluentResource::try_new(source.to_string())
                    .map_err(|(_, errs)| syntax(join_errors(&errs)))?;
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(msg) = entry
                        && !seen.insert(msg.id.name.to_string())
                    {
                        return Err(I18nError::Duplicate {
                            lang: l,
                            file,
                            id: msg.id.name.to_string(),
                        });
                    }
                }
                bundle
                    .add_resource(resource)
                    .map_err(|errs| syntax(join_errors(&errs)))?;
            }
            bundles.insert(lang, bundle);
            ids.insert(lang, seen);
        }
        Ok(Locales { bundles, ids })
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.ids.get(&lang).is_some_and(|s| s.contains(id))
    }

    pub fn ids(&self, lang: Lang) -> &BTreeSet<String> {
        &self.ids[&lang]
    }

    /// Formats message `id`; a missing message or a formatting error is logged and the id is
    /// returned (tests make sure this never happens with the shipped files).
    pub fn text(&self, lang: Lang, id: &str, vars: &[(&str, String)]) -> String {
        match self.try_text(lang, id, vars) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(message_id = id, lang = lang.code(), error = %e, "text formatting failed");
                id.to_string()
            }
        }
    }

    /// Formats message `id`, failing on a missing message or any formatting error.
    pub fn try_text(
        &self,
        lang: Lang,
        id: &str,
        vars: &[(&str, String)],
    ) -> Result<String, String> {
        let bundle = &self.bundles[&lang];
        let msg = bundle
            .get_message(id)
            .ok_or_else(|| format!("no message {id}"))?;
        let pattern = msg
            .value()
            .ok_or_else(|| format!("message {id} has no value"))?;
        let mut args = FluentArgs::new();
        for (k, v) in vars {
            args.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if errors.is_empty() {
            Ok(out.into_owned())
        } else {
            Err(format!("{id}: {errors:?}"))
        }
    }

    /// The variables message `id` uses (for checking that every message formats).
    pub fn variables(&self, lang: Lang, id: &str) -> Vec<String> {
        let Some(msg) = self.bundles[&lang].get_message(id) else {
            return Vec::new();
        };
        let mut out = BTreeSet::new();
        if let Some(p) = msg.value() {
            collect_vars(p, &mut out);
        }
        out.into_iter().collect()
    }
}

fn join_errors<E: std::fmt::Debug>(errs: &[E]) -> String {
    errs.iter()
        .map(|e| format!("{e:?}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn collect_vars(pattern: &fluent_syntax::ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
            }
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    collect_vars(&v.value, out);
                }
            }
        }
    }
    for el in &pattern.elements {
        if let PatternElement::Placeable { expression } = el {
            expr(expression, out);
        }
    }
}
