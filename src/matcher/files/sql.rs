//! SQL scripts and dumps: `CREATE USER ... IDENTIFIED BY '...'` (MySQL, Oracle), `... IDENTIFIED
//! WITH plugin AS '<hash>'`, PostgreSQL's `CREATE|ALTER ROLE|USER name ... PASSWORD '...'`
//! (plain, `md5...` or `SCRAM-SHA-256$...`), and the password columns of `INSERT INTO ... VALUES`
//! (columns named in the statement or by the table's `CREATE TABLE`) and of `COPY ... FROM stdin`
//! blocks: a hash where one is stored, a password where the column holds it in the clear.
//!
//! One pass over the text, statement by statement; nothing is kept but the column names of the
//! tables created so far.

use std::collections::HashMap;

use super::lex::{self, is_word, text, Tok};
use super::Out;

/// Whether a column holds passwords or their hashes (and not a reset token or a date).
fn password_column(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.rsplit('.').next().unwrap_or(&n);
    let named = n.contains("passw")
        || n.contains("pwd")
        || matches!(
            n,
            "pass" | "user_pass" | "pass_hash" | "crypted_password" | "userpassword"
        );
    named
        && ![
            "token", "reset", "expir", "changed", "_at", "date", "hint", "policy", "length",
            "salt", "question", "answer", "required", "history",
        ]
        .iter()
        .any(|x| n.contains(x))
}

/// Whether a column names the account (for the finding's context).
fn user_column(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "login"
            | "username"
            | "user_login"
            | "user_name"
            | "user"
            | "email"
            | "user_email"
            | "usename"
            | "rolname"
            | "name"
    )
}

pub(crate) fn parse(out: &mut Out<'_>) {
    let c = out.content;
    let mut tables: HashMap<String, Vec<String>> = HashMap::new();
    let mut toks = Vec::new();
    let mut at = 0;
    while at < c.len() {
        let next = lex::tokens(c, at, &lex::SQL, &mut toks);
        at = next;
        let word = |t: &Tok| match *t {
            Tok::Word(s, e) => Some(String::from_utf8_lossy(&c[s..e]).to_ascii_uppercase()),
            _ => None,
        };
        let first = toks.first().and_then(word).unwrap_or_default();
        match first.as_str() {
            "CREATE" | "ALTER" | "GRANT" | "SET" => {
                if toks.get(1).and_then(word).as_deref() == Some("TABLE") {
                    create_table(c, &toks, &mut tables);
                } else {
                    account(out, &toks);
                }
            }
            "INSERT" | "REPLACE" => insert(out, &toks, &tables),
            "COPY" => {
                if let Some(end) = copy(out, &toks, next) {
                    at = end;
                }
            }
            _ => {}
        }
    }
}

/// The table name after `INTO`/`TABLE`/`COPY` at `toks[i]` (the last part of `schema.table`).
fn table_name(c: &[u8], t: &Tok) -> String {
    let name = text(c, t).to_ascii_lowercase();
    name.rsplit('.').next().unwrap_or(&name).to_string()
}

/// `CREATE TABLE name (col type ..., ...)`: the column names (a constraint line names none).
fn create_table(c: &[u8], toks: &[Tok], tables: &mut HashMap<String, Vec<String>>) {
    let mut i = 2;
    while i < toks.len()
        && matches!(
            text(c, &toks[i]).to_ascii_uppercase().as_str(),
            "IF" | "NOT" | "EXISTS"
        )
    {
        i += 1;
    }
    let Some(name) = toks.get(i).map(|t| table_name(c, t)) else {
        return;
    };
    let mut cols = Vec::new();
    let mut depth = 0;
    let mut expect = false;
    for t in &toks[i + 1..] {
        match t {
            Tok::Punct(b'(') => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                }
            }
            Tok::Punct(b')') => depth -= 1,
            Tok::Punct(b',') if depth == 1 => expect = true,
            Tok::Word(..) if expect && depth == 1 => {
                let col = text(c, t);
                let upper = col.to_ascii_uppercase();
                if !matches!(
                    upper.as_str(),
                    "PRIMARY"
                        | "UNIQUE"
                        | "KEY"
                        | "INDEX"
                        | "CONSTRAINT"
                        | "FOREIGN"
                        | "CHECK"
                        | "FULLTEXT"
                ) {
                    cols.push(col);
                }
                expect = false;
            }
            _ => expect = false,
        }
    }
    tables.insert(name, cols);
}

/// `INSERT INTO t [(cols)] VALUES (...), (...)`: the password columns of each row.
fn insert(out: &mut Out<'_>, toks: &[Tok], tables: &HashMap<String, Vec<String>>) {
    let c = out.content;
    let Some(into) = toks.iter().position(|t| is_word(c, Some(t), "INTO")) else {
        return;
    };
    let Some(table) = toks.get(into + 1).map(|t| table_name(c, t)) else {
        return;
    };
    let mut i = into + 2;
    let mut cols: Vec<String> = Vec::new();
    if toks.get(i) == Some(&Tok::Punct(b'(')) {
        i += 1;
        while let Some(t) = toks.get(i) {
            i += 1;
            match t {
                Tok::Punct(b')') => break,
                Tok::Word(..) => cols.push(text(c, t)),
                _ => {}
            }
        }
    } else if let Some(known) = tables.get(&table) {
        cols = known.clone();
    }
    let wanted: Vec<usize> = (0..cols.len())
        .filter(|&k| password_column(&cols[k]))
        .collect();
    if wanted.is_empty() || !is_word(c, toks.get(i), "VALUES") {
        return;
    }
    let user_col = cols.iter().position(|n| user_column(n));
    // The rows: each top-level `( ... )`, its values split at depth-1 commas.
    let mut row: Vec<Option<Tok>> = Vec::new();
    let mut depth = 0;
    let mut pending: Option<Tok> = None;
    let mut pieces = 0;
    for t in &toks[i + 1..] {
        match t {
            Tok::Punct(b'(') => {
                depth += 1;
                if depth == 1 {
                    row.clear();
                    pending = None;
                    pieces = 0;
                }
            }
            Tok::Punct(b',') if depth == 1 => {
                row.push(pending.take().filter(|_| pieces == 1));
                pieces = 0;
            }
            Tok::Punct(b')') => {
                depth -= 1;
                if depth == 0 {
                    row.push(pending.take().filter(|_| pieces == 1));
                    emit_row(out, &table, &cols, &wanted, user_col, &row);
                }
            }
            _ if depth == 1 => {
                pending = Some(*t);
                pieces += 1;
            }
            _ => {}
        }
    }
}

fn emit_row(
    out: &mut Out<'_>,
    table: &str,
    cols: &[String],
    wanted: &[usize],
    user_col: Option<usize>,
    row: &[Option<Tok>],
) {
    let c = out.content;
    let user = user_col
        .and_then(|u| row.get(u).copied().flatten())
        .filter(|t| matches!(t, Tok::Str(..)))
        .map(|t| text(c, &t))
        .unwrap_or_default();
    for &k in wanted {
        if let Some(Some(Tok::Str(s, e))) = row.get(k) {
            let ctx = vec![
                ("user", user.clone()),
                ("account", format!("table {table}")),
            ];
            out.stored(&cols[k], (*s, *e), ctx);
        }
    }
}

/// `COPY t (cols) FROM stdin;` and its tab-separated rows up to `\.`: the password columns.
/// Returns where the statement after the data starts.
fn copy(out: &mut Out<'_>, toks: &[Tok], data: usize) -> Option<usize> {
    let c = out.content;
    let from = toks.iter().position(|t| is_word(c, Some(t), "FROM"))?;
    if !is_word(c, toks.get(from + 1), "stdin") {
        return None;
    }
    let table = table_name(c, toks.get(1)?);
    let cols: Vec<String> = toks[2..from]
        .iter()
        .filter(|t| matches!(t, Tok::Word(..)))
        .map(|t| text(c, t))
        .collect();
    let wanted: Vec<usize> = (0..cols.len())
        .filter(|&k| password_column(&cols[k]))
        .collect();
    let user_col = cols.iter().position(|n| user_column(n));
    let start = memchr::memchr(b'\n', &c[data..]).map_or(c.len(), |i| data + i + 1);
    for (s, e) in super::lines(&c[start..]) {
        let (s, e) = (start + s, start + e);
        if &c[s..e] == b"\\." {
            return Some(e);
        }
        let mut fields = Vec::new();
        let mut f = s;
        for (i, &b) in c[s..e].iter().enumerate() {
            if b == b'\t' {
                fields.push((f, s + i));
                f = s + i + 1;
            }
        }
        fields.push((f, e));
        let user = user_col
            .and_then(|u| fields.get(u))
            .map(|&span| super::text(c, span))
            .unwrap_or_default();
        for &k in &wanted {
            if let Some(&span) = fields.get(k) {
                if &c[span.0..span.1] != b"\\N" {
                    let ctx = vec![
                        ("user", user.clone()),
                        ("account", format!("table {table}")),
                    ];
                    out.stored(&cols[k], span, ctx);
                }
            }
        }
    }
    Some(c.len())
}

/// `CREATE|ALTER USER|ROLE`, `GRANT ... IDENTIFIED BY`, `SET PASSWORD FOR ... = '...'`: the
/// password (or hash) the statement gives an account.
fn account(out: &mut Out<'_>, toks: &[Tok]) {
    let c = out.content;
    // The account: the name after USER/ROLE/FOR/TO (and `@host`).
    let mut user = String::new();
    let mut host = String::new();
    if let Some(k) = toks.iter().position(|t| {
        ["USER", "ROLE", "FOR", "TO"]
            .iter()
            .any(|w| is_word(c, Some(t), w))
    }) {
        let mut j = k + 1;
        while is_word(c, toks.get(j), "IF")
            || is_word(c, toks.get(j), "NOT")
            || is_word(c, toks.get(j), "EXISTS")
        {
            j += 1;
        }
        if let Some(t) = toks.get(j) {
            user = text(c, t);
            if toks.get(j + 1) == Some(&Tok::Punct(b'@')) {
                if let Some(h) = toks.get(j + 2) {
                    host = text(c, h);
                }
            }
        }
    }
    let ctx = || vec![("user", user.clone()), ("host", host.clone())];
    let mut i = 0;
    while i < toks.len() {
        if is_word(c, toks.get(i), "IDENTIFIED") {
            let mut j = i + 1;
            let mut hashed = false;
            let mut field = "IDENTIFIED BY".to_string();
            if is_word(c, toks.get(j), "WITH") {
                let plugin = toks.get(j + 1).map(|t| text(c, t)).unwrap_or_default();
                field = format!("IDENTIFIED WITH {plugin} AS");
                j += 2;
            }
            if is_word(c, toks.get(j), "AS") {
                hashed = true;
            } else if is_word(c, toks.get(j), "BY") {
                field = "IDENTIFIED BY".to_string();
            } else {
                i += 1;
                continue;
            }
            j += 1;
            if is_word(c, toks.get(j), "PASSWORD") {
                hashed = true;
                j += 1;
            }
            match toks.get(j) {
                Some(Tok::Str(s, e)) if hashed => out.hash(&field, (*s, *e), ctx()),
                Some(Tok::Str(s, e)) => out.value(&field, (*s, *e), ctx()),
                // Oracle: `IDENTIFIED BY tiger`, unquoted.
                Some(Tok::Word(s, e)) if !hashed => out.value(&field, (*s, *e), ctx()),
                _ => {}
            }
            i = j + 1;
            continue;
        }
        if is_word(c, toks.get(i), "PASSWORD") {
            // PostgreSQL: `PASSWORD 'x'`; MySQL: `SET PASSWORD ... = 'x'`.
            let mut j = i + 1;
            if toks.get(j) == Some(&Tok::Punct(b'=')) {
                j += 1;
            }
            if let Some(Tok::Str(s, e)) = toks.get(j) {
                out.stored("PASSWORD", (*s, *e), ctx());
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    #[test]
    fn accounts() {
        let sql = "-- roles\nCREATE USER reporting WITH PASSWORD 'Ledger-Lines-404';\n\
            ALTER USER app WITH PASSWORD 'changeme';\n\
            CREATE USER 'app'@'%' IDENTIFIED BY 'Cactus-Flower-6';\n\
            CREATE USER 'r'@'10.0.%' IDENTIFIED WITH 'mysql_native_password' AS '*42924C3A55AAE8646F648A029C34CC571DEB8971';\n\
            CREATE USER 'b'@'localhost' IDENTIFIED WITH 'caching_sha2_password' BY 'vKxz!vP9%#';\n\
            CREATE USER scott IDENTIFIED BY tiger;\n\
            ALTER ROLE legacy WITH LOGIN PASSWORD 'md570575cc50b501599b1c6a1914019cb62';\n\
            CREATE USER 'ci'@'%' IDENTIFIED BY '${CI_DB_PASSWORD}';\n";
        let got = found(parse, sql);
        let kinds: Vec<_> = got.iter().map(|g| (g.0, g.2.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Secret, "Ledger-Lines-404"),
                (Secret, "Cactus-Flower-6"),
                (PasswordHash, "*42924C3A55AAE8646F648A029C34CC571DEB8971"),
                (Secret, "vKxz!vP9%#"),
                (DefaultPassword, "tiger"),
                (PasswordHash, "md570575cc50b501599b1c6a1914019cb62"),
            ]
        );
        assert_eq!(
            contexts(parse, sql)[1],
            [("host", "%".to_string()), ("user", "app".into())]
        );
    }

    #[test]
    fn inserts_by_named_and_created_columns() {
        let sql = "CREATE TABLE `legacy` (\n  `id` int NOT NULL,\n  `login` varchar(64),\n  `passwd` varchar(64),\n  PRIMARY KEY (`id`)\n);\n\
            INSERT INTO `legacy` VALUES (1,'root','Shop$Admin77'),(2,'demo','admin'),(3,'x',NULL);\n\
            INSERT INTO users (id, email, password_hash, reset_password_token) VALUES (1, 'a@b.c', '476aa5894e16be0f96d13a4ef34c762f', 'tok-not-reported');\n\
            INSERT INTO notes VALUES (1, 'password: not a column');\n";
        let got = found(parse, sql);
        let kinds: Vec<_> = got
            .iter()
            .map(|g| (g.0, g.1.as_str(), g.2.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Secret, "passwd", "Shop$Admin77"),
                (DefaultPassword, "passwd", "admin"),
                (
                    PasswordHash,
                    "password_hash",
                    "476aa5894e16be0f96d13a4ef34c762f"
                ),
            ]
        );
        assert_eq!(
            contexts(parse, sql)[0],
            [
                ("user", "root".to_string()),
                ("account", "table legacy".into())
            ]
        );
    }

    #[test]
    fn copy_blocks() {
        let sql = "\\connect app\n\nCOPY public.users (id, email, encrypted_password, reset_password_token) FROM stdin;\n\
            1\tadmin@example.org\t$2a$10$sMs5SfS3Hp7GHE7yV6ZcyONoAjLw0bLVgFt.AqUUlsyrvacg0Hg4O\t\\N\n\
            2\tsam@example.org\t\\N\t\\N\n\
            \\.\n\
            CREATE USER late WITH PASSWORD 'After-The-Copy-1';\n";
        let got = found(parse, sql);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, PasswordHash);
        assert_eq!(got[1].2, "After-The-Copy-1");
    }
}
