//! PHP configuration (WordPress `wp-config.php`, hand-written `config.php`): string constants
//! and settings whose name says they hold a secret, in the three forms such files use:
//! `define('DB_PASSWORD', '...')`, `$db_pass = '...';` and `'smtp_password' => '...'`. Only a
//! single literal counts: `getenv(...)`, concatenations and variables are not stored secrets.
//! The context comes from the sibling settings (`DB_HOST`, `DB_NAME`, `DB_USER`).

use super::lex::{self, is_word, text, Tok};
use super::Out;

/// WordPress's keys and salts: secrets by name, whatever their wording.
const WORDPRESS_KEYS: [&str; 8] = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
];

/// Every `name -> 'literal'` assignment: the name and the literal's range.
fn assignments(c: &[u8], toks: &[Tok]) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let closes = |t: Option<&Tok>| matches!(t, Some(Tok::Punct(b';' | b',' | b')' | b']')));
    for i in 0..toks.len() {
        let at = |k: usize| toks.get(i + k);
        match (at(0), at(1), at(2), at(3), at(4)) {
            // define('NAME', 'value')
            (
                Some(d),
                Some(Tok::Punct(b'(')),
                Some(Tok::Str(ns, ne)),
                Some(Tok::Punct(b',')),
                Some(Tok::Str(vs, ve)),
            ) if is_word(c, Some(d), "define") && closes(at(5)) => {
                out.push((
                    String::from_utf8_lossy(&c[*ns..*ne]).into_owned(),
                    (*vs, *ve),
                ));
            }
            // $name = 'value';
            (Some(Tok::Word(ns, ne)), Some(Tok::Punct(b'=')), Some(Tok::Str(vs, ve)), ..)
                if c[*ns] == b'$' && closes(at(3)) =>
            {
                out.push((
                    String::from_utf8_lossy(&c[*ns..*ne]).into_owned(),
                    (*vs, *ve),
                ));
            }
            // 'name' => 'value'
            (
                Some(k @ Tok::Str(..)),
                Some(Tok::Punct(b'=')),
                Some(Tok::Punct(b'>')),
                Some(Tok::Str(vs, ve)),
                ..,
            ) if closes(at(4)) => {
                out.push((text(c, k), (*vs, *ve)));
            }
            _ => {}
        }
    }
    out
}

pub(crate) fn parse(out: &mut Out<'_>) {
    let c = out.content;
    let mut toks = Vec::new();
    lex::tokens(c, 0, &lex::PHP, &mut toks);
    let found = assignments(c, &toks);
    let pairs: Vec<(String, String)> = found
        .iter()
        .map(|(k, v)| (k.clone(), super::text(c, *v)))
        .collect();
    for (name, span) in &found {
        let wordpress = WORDPRESS_KEYS.contains(&name.as_str());
        if wordpress || super::secret_key(name) {
            let ctx = if wordpress {
                Vec::new()
            } else {
                super::sibling_context(name, &pairs)
            };
            out.value(name, *span, ctx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    const WP: &str = "<?php\ndefine( 'DB_NAME', 'blog_wp' );\ndefine( 'DB_USER', 'blog' );\n\
        define( 'DB_PASSWORD', 'Lemonade&Sun99' );\ndefine( 'DB_HOST', 'localhost' );\n\
        define( 'AUTH_KEY', 'buXBYL18:f2df:ew4Q3' );\ndefine( 'NONCE_SALT', 'put your unique phrase here' );\n\
        define( 'WP_CACHE_KEY_SALT', 'blog.example.org' );\n\
        // define( 'DB_PASSWORD', 'Commented-Out-1' );\n\
        $db_pass = 'Parrot-Island-12';\n$x = array('admin_password' => getenv('X'), 'smtp_password' => 'Mailgun-Key-9', 'password_min_length' => 8);\n\
        $password = 'pre' . $suffix;\n";

    #[test]
    fn literals_under_secret_names() {
        let got = found(parse, WP);
        let names: Vec<_> = got
            .iter()
            .map(|g| (g.0, g.1.as_str(), g.2.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (Secret, "DB_PASSWORD", "Lemonade&Sun99"),
                (Secret, "AUTH_KEY", "buXBYL18:f2df:ew4Q3"),
                (Secret, "$db_pass", "Parrot-Island-12"),
                (Secret, "smtp_password", "Mailgun-Key-9"),
            ]
        );
        assert_eq!(
            contexts(parse, WP)[0],
            [
                ("host", "localhost".to_string()),
                ("database", "blog_wp".into()),
                ("user", "blog".into())
            ]
        );
    }
}
