//! Slash commands, in Indonesian with English aliases.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start` or `/mulai`, with an optional deep-link payload naming a procedure.
    Start(Option<String>),
    Menu,
    Cancel,
    Back,
    Help,
    Language(Option<String>),
    Status,
    Human,
    /// Add information to the newest open case.
    AddToCase,
    /// A shortcut straight into a procedure (`/kyc`).
    Flow(&'static str),
    /// `/datasaya`: everything pandu holds about the user, as a file.
    MyData,
    /// `/hapusdata`: delete what pandu holds about the user (after confirmation).
    EraseData,
    Unknown(String),
}

/// Parses `text` as a command when it starts with `/`. A `@botname` suffix is ignored.
pub fn parse(text: &str) -> Option<Command> {
    let rest = text.trim().strip_prefix('/')?;
    let mut parts = rest.splitn(2, char::is_whitespace);
    let head = parts.next().unwrap_or_default();
    let name = head.split('@').next().unwrap_or_default().to_lowercase();
    let arg = parts
        .next()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    Some(match name.as_str() {
        "start" | "mulai" => Command::Start(arg),
        "menu" => Command::Menu,
        "batal" | "cancel" | "stop" => Command::Cancel,
        "kembali" | "back" => Command::Back,
        "bantuan" | "help" => Command::Help,
        "bahasa" | "language" | "lang" => Command::Language(arg),
        "status" => Command::Status,
        "petugas" | "manusia" | "human" | "agent" | "cs" => Command::Human,
        "tambah" | "add" => Command::AddToCase,
        "datasaya" | "mydata" => Command::MyData,
        "hapusdata" | "deletedata" | "erasedata" => Command::EraseData,
        "satusehat" | "portal" => Command::Flow("portal"),
        "vendor" | "integrasi" => Command::Flow("vendor"),
        "klinik" | "clinic" | "registrasi" => Command::Flow("clinic"),
        "kyc" => Command::Flow("kyc"),
        "keluargasehat" | "ks" => Command::Flow("keluarga_sehat"),
        _ => Command::Unknown(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_aliases() {
        assert_eq!(parse("/batal"), Some(Command::Cancel));
        assert_eq!(parse(" /Cancel "), Some(Command::Cancel));
        assert_eq!(
            parse("/start@pandu_bot kyc"),
            Some(Command::Start(Some("kyc".into())))
        );
        assert_eq!(
            parse("/bahasa en"),
            Some(Command::Language(Some("en".into())))
        );
        assert_eq!(parse("/kyc"), Some(Command::Flow("kyc")));
        assert_eq!(parse("/zzz"), Some(Command::Unknown("zzz".into())));
        assert_eq!(parse("halo"), None);
        assert_eq!(parse("/"), Some(Command::Unknown(String::new())));
    }
}
