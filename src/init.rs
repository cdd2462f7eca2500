//! `speclint init`: a first speclint.yaml drafted from specs that already exist.
//!
//! What the text shows is taken as it is: diagram participants become components
//! (one component for the names that nest, "Frontend" inside "Next.js Frontend",
//! the others its aliases; "(Better Auth)" beside a lifeline its library), each
//! sequence diagram a flow, each `CREATE TABLE` a table with its columns, keys and
//! indexes, `ALTER TABLE ... ADD` applied in document order, each file a document
//! entry. The token is the word the diagrams both create and verify, with the
//! components the diagrams show doing each; table owners are the specs' own claims
//! (responsibility matrix, "(X Managed)" headings, "Managed By:" lines).
//!
//! What the text cannot say, or says two ways, is a line marked `DECIDE:`: where
//! specs disagree the draft follows the majority, else the newest spec (highest
//! `NNN-` number), and names every version with file:line, in the YAML and in
//! [`Drafted::notes`] for the command to print.
//!
//! Whatever the specs hold, the draft loads: every id it writes is defined, every
//! key and index names a column of its table (or is left out with a DECIDE
//! comment), every scalar is quoted. `tests/init_props.rs` and the `init` fuzz
//! target hold it to that. Pure: the command reads the files and writes the result.

use std::fmt::Write as _;

use indexmap::{IndexMap, IndexSet};

use crate::document::Document;
use crate::extract::Extracts;
use crate::extract::diagram::StepKind;
use crate::extract::sql::{SqlForeignKey, SqlIndex, SqlTable};
use crate::model::names::{Verb, fold, words};
use crate::model::{Component, Model, Names, Token};

/// One spec to draft from: its path relative to the model's folder, and its text.
pub struct Source {
    pub path: String,
    pub text: String,
}

/// A drafted model and what the command tells the person beside it.
pub struct Drafted {
    /// The model as YAML, with comments.
    pub yaml: String,
    /// Where the specs disagree, one line each naming every version (file:line); the
    /// same words are in the YAML as `DECIDE:` comments.
    pub notes: Vec<String>,
}

/// The drafted model as YAML, with comments, and the disagreements found. `schema`
/// is what the `yaml-language-server` line points editors at.
pub fn draft(sources: &[Source], schema: &str) -> Drafted {
    let empty = Model::default();
    let names = Names::new(&empty);
    let specs: Vec<Spec> = sources
        .iter()
        .enumerate()
        .map(|(order, src)| {
            let doc = Document::parse(src.text.clone());
            let ex = Extracts::build(&doc, &empty, &names, &[]);
            let wrong_examples = wrong_examples(&doc, &ex);
            Spec {
                path: src.path.clone(),
                rank: (spec_number(&src.path), order),
                doc,
                ex,
                wrong_examples,
            }
        })
        .collect();
    let mut d = Draft::default();
    d.components(&specs);
    d.flows(&specs);
    d.token(&specs);
    d.tables(&specs);
    d.documents(&specs);
    let mut yaml = d.render(sources.len(), schema);
    // The loader refuses a model over its size limit: diagrams, then tables, are left
    // out of a draft that would pass it, and the person is told.
    if yaml.len() > crate::model::MAX_MODEL_BYTES {
        d.flows.clear();
        d.documents.iter_mut().for_each(|doc| doc.1.clear());
        d.notes.push("the draft was too large for a model: no flows drafted; draft from fewer specs (speclint init PATH...)".to_string());
        yaml = d.render(sources.len(), schema);
    }
    if yaml.len() > crate::model::MAX_MODEL_BYTES {
        d.tables.clear();
        d.documents.iter_mut().for_each(|doc| doc.2.clear());
        d.notes
            .push("the draft was still too large: no tables drafted either".to_string());
        yaml = d.render(sources.len(), schema);
    }
    Drafted {
        yaml,
        notes: d.notes,
    }
}

/// One spec, read.
struct Spec {
    path: String,
    /// Newer specs rank higher: the number of their `NNN-` folder or file, then
    /// their place in the list.
    rank: (u32, usize),
    doc: Document,
    ex: Extracts,
    /// Diagrams (indexes into `ex.diagrams`) labelled as the wrong way: not drafted.
    wrong_examples: Vec<usize>,
}

impl Spec {
    fn at(&self, offset: usize) -> String {
        format!("{}:{}", self.path, self.doc.line_col(offset).line)
    }

    fn diagrams(&self) -> impl Iterator<Item = &crate::extract::flows::DiagramExtract> {
        self.ex
            .diagrams
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.wrong_examples.contains(i))
            .map(|(_, d)| d)
    }
}

/// How new a spec is ([`Spec::rank`]) and a place in it (file:line).
type Claim = ((u32, usize), String);

/// A value some specs claim, with where each claim was written and how new it is.
struct Votes<T> {
    by: IndexMap<T, Vec<Claim>>,
}

impl<T: std::hash::Hash + Eq + Clone> Votes<T> {
    fn new() -> Self {
        Votes {
            by: IndexMap::new(),
        }
    }

    fn add(&mut self, value: T, rank: (u32, usize), at: String) {
        self.by.entry(value).or_default().push((rank, at));
    }

    /// The value most specs claim; on a tie, the one the newest spec claims.
    fn winner(&self) -> Option<&T> {
        self.by
            .iter()
            .max_by_key(|(_, v)| (v.len(), v.iter().map(|(r, _)| *r).max()))
            .map(|(k, _)| k)
    }

    /// Why the winner was kept, when there is more than one value: every value with
    /// where it is written.
    fn disagreement(&self, show: impl Fn(&T) -> String) -> Option<String> {
        if self.by.len() < 2 {
            return None;
        }
        let winner = self.winner()?;
        let total: usize = self.by.values().map(Vec::len).sum();
        let max = self.by.values().map(Vec::len).max().unwrap_or(0);
        let tied = self.by.values().filter(|v| v.len() == max).count() > 1;
        let versions: Vec<String> = self
            .by
            .iter()
            .map(|(k, v)| {
                let places: Vec<&str> = v.iter().take(3).map(|(_, at)| at.as_str()).collect();
                let more = if v.len() > 3 {
                    format!(" and {} more", v.len() - 3)
                } else {
                    String::new()
                };
                format!("{} at {}{more}", show(k), places.join(", "))
            })
            .collect();
        let why = if tied {
            "the newest spec's".to_string()
        } else {
            format!("the majority's, {max} of {total}")
        };
        Some(format!(
            "{}; kept {} ({why})",
            versions.join("; "),
            show(winner)
        ))
    }
}

#[derive(Default)]
struct Draft {
    /// Folded name as drawn → component id.
    named: IndexMap<String, String>,
    /// Component id → its model entry.
    components: IndexMap<String, Component>,
    flows: IndexMap<String, Vec<String>>,
    /// Per spec, the flows drafted from it.
    doc_flows: Vec<Vec<String>>,
    token: Option<(String, Token)>,
    /// DECIDE comments of the token: created_by, verified_by.
    token_notes: [Option<String>; 2],
    tables: IndexMap<String, DraftTable>,
    owners: IndexMap<String, String>,
    documents: Vec<(String, Vec<String>, Vec<String>)>,
    /// Documents left out, with why.
    left_out: Vec<String>,
    notes: Vec<String>,
}

/// A table as drafted, with the comments that go beside it.
struct DraftTable {
    /// `None` for a table only referenced (no `CREATE TABLE` in the specs).
    sql: Option<SqlTable>,
    indexes: Vec<SqlIndex>,
    owner: String,
    decide: Vec<String>,
}

impl Draft {
    /// Every participant of every diagram, names that nest grouped into one component.
    fn components(&mut self, specs: &[Spec]) {
        // Folded name → (name as first drawn, diagrams drawing it).
        let mut drawn: IndexMap<String, (String, usize)> = IndexMap::new();
        // Folded name → annotations in parentheses beside it.
        let mut libraries: IndexMap<String, IndexSet<String>> = IndexMap::new();
        for spec in specs {
            for diagram in spec.diagrams() {
                let mut seen = IndexSet::new();
                for p in &diagram.diagram.participants {
                    let (name, library) = split_annotation(&p.name);
                    let key = fold(&name);
                    if seen.insert(key.clone()) {
                        drawn.entry(key.clone()).or_insert((name, 0)).1 += 1;
                    }
                    if let Some(library) = library {
                        libraries.entry(key).or_default().insert(library);
                    }
                }
                // "(Better Auth)" in a note names code running on that lifeline.
                for step in &diagram.diagram.steps {
                    if let StepKind::Note { at } = step.kind {
                        let Some(p) = diagram.diagram.participants.get(at) else {
                            continue;
                        };
                        if let (_, Some(library)) = split_annotation(&step.text) {
                            let key = fold(&split_annotation(&p.name).0);
                            libraries.entry(key).or_default().insert(library);
                        }
                    }
                }
            }
        }
        let keys: Vec<String> = drawn.keys().cloned().collect();
        let word_lists: Vec<Vec<String>> = keys.iter().map(|k| words(k)).collect();
        // Each name joins the longer names holding it, when those nest in one another.
        let mut group: Vec<usize> = (0..keys.len()).collect();
        fn root(group: &mut [usize], mut i: usize) -> usize {
            while group[i] != i {
                group[i] = group[group[i]];
                i = group[i];
            }
            i
        }
        for (a, wa) in word_lists.iter().enumerate() {
            let holders: Vec<usize> = (0..keys.len())
                .filter(|&b| b != a && holds(&word_lists[b], wa))
                .collect();
            let chain = holders.iter().all(|&x| {
                holders.iter().all(|&y| {
                    x == y
                        || holds(&word_lists[x], &word_lists[y])
                        || holds(&word_lists[y], &word_lists[x])
                })
            });
            if chain {
                for b in holders {
                    let (ra, rb) = (root(&mut group, a), root(&mut group, b));
                    group[ra] = rb;
                }
            }
        }
        let mut members: IndexMap<usize, Vec<usize>> = IndexMap::new();
        for i in 0..keys.len() {
            let r = root(&mut group, i);
            members.entry(r).or_default().push(i);
        }
        let mut taken_names: IndexSet<String> = keys.iter().cloned().collect();
        for list in members.values() {
            // The name most diagrams use, the longest on a tie.
            let &main = list
                .iter()
                .max_by_key(|&&i| (drawn[i].1, drawn[i].0.len(), std::cmp::Reverse(i)))
                .unwrap_or(&list[0]);
            let name = drawn[main].0.clone();
            let id = unique(&slug(&name), |id| self.components.contains_key(id));
            let aliases: Vec<String> = list
                .iter()
                .filter(|&&i| i != main)
                .map(|&i| drawn[i].0.clone())
                .collect();
            let mut libs: Vec<String> = Vec::new();
            for &i in list {
                for lib in libraries.get(&keys[i]).into_iter().flatten() {
                    // A library that is itself drawn as a participant is a component.
                    if taken_names.contains(&fold(lib)) || libs.contains(lib) {
                        continue;
                    }
                    libs.push(lib.clone());
                }
            }
            for &i in list {
                self.named.insert(keys[i].clone(), id.clone());
            }
            self.components.insert(
                id,
                Component {
                    name,
                    aliases,
                    libraries: libs,
                },
            );
        }
        // A library claimed by two components names neither.
        let mut claimed: IndexMap<String, usize> = IndexMap::new();
        for c in self.components.values() {
            for lib in &c.libraries {
                *claimed.entry(fold(lib)).or_default() += 1;
            }
        }
        for c in self.components.values_mut() {
            c.libraries.retain(|l| claimed[&fold(l)] == 1);
            for l in &c.libraries {
                taken_names.insert(fold(l));
            }
        }
    }

    fn component_of(&self, name: &str) -> Option<&str> {
        self.named
            .get(&fold(&split_annotation(name).0))
            .map(String::as_str)
    }

    /// Each diagram, step by step, under the id of its section's title.
    fn flows(&mut self, specs: &[Spec]) {
        for spec in specs {
            let mut doc_flows = Vec::new();
            for diagram in spec.diagrams() {
                let ids: Vec<Option<String>> = diagram
                    .diagram
                    .participants
                    .iter()
                    .map(|p| self.component_of(&p.name).map(str::to_string))
                    .collect();
                let at = |i: usize| ids.get(i).cloned().flatten();
                let mut steps = Vec::new();
                for step in &diagram.diagram.steps {
                    let say = if step.text.is_empty() {
                        "(unlabeled)".to_string()
                    } else {
                        step.text.clone()
                    };
                    let line = match step.kind {
                        StepKind::Message { from, to, .. } => match (at(from), at(to)) {
                            (Some(from), Some(to)) => format!(
                                "{{ from: {}, to: {}, say: {} }}",
                                quote(&from),
                                quote(&to),
                                quote(&say)
                            ),
                            _ => continue,
                        },
                        StepKind::Note { at: i } => match at(i) {
                            Some(at) => format!("{{ at: {}, say: {} }}", quote(&at), quote(&say)),
                            None => continue,
                        },
                    };
                    steps.push(line);
                }
                if steps.is_empty() {
                    continue;
                }
                let start = spec.doc.code_blocks[diagram.block].span.start;
                let title = spec
                    .doc
                    .section_at(start)
                    .map(|s| spec.doc.sections[s].title.clone())
                    .unwrap_or_else(|| "flow".to_string());
                let id = unique(&slug(&title), |id| self.flows.contains_key(id));
                self.flows.insert(id.clone(), steps);
                doc_flows.push(id);
            }
            self.doc_flows.push(doc_flows);
        }
    }

    /// The token: the word diagrams both create and verify (else the word most
    /// created), and the components shown creating and verifying it.
    fn token(&mut self, specs: &[Spec]) {
        let names = Names::new(&Model::default());
        // Word → (created, verified), counted over diagram labels.
        let mut counts: IndexMap<String, (usize, usize)> = IndexMap::new();
        let component_words: IndexSet<String> = self.named.keys().flat_map(|k| words(k)).collect();
        for spec in specs {
            for diagram in spec.diagrams() {
                for step in &diagram.diagram.steps {
                    let text = split_annotation(&step.text).0;
                    let ws: Vec<&str> = text
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect();
                    for (i, w) in ws.iter().enumerate() {
                        let Some(verb) = names.verb(&w.to_lowercase()) else {
                            continue;
                        };
                        let Some(object) = ws[i + 1..]
                            .iter()
                            .find(|o| !ARTICLES.contains(&o.to_lowercase().as_str()))
                        else {
                            continue;
                        };
                        let object_folded = object.to_lowercase();
                        if names.verb(&object_folded).is_some()
                            || component_words.contains(&object_folded)
                            || object.chars().all(|c| c.is_ascii_digit())
                        {
                            continue;
                        }
                        // Counted under the spelling seen first.
                        let key = counts
                            .keys()
                            .find(|k| k.eq_ignore_ascii_case(object))
                            .cloned()
                            .unwrap_or_else(|| object.to_string());
                        let entry = counts.entry(key).or_default();
                        match verb {
                            Verb::Create => entry.0 += 1,
                            Verb::Verify => entry.1 += 1,
                        }
                    }
                }
            }
        }
        let both = counts
            .iter()
            .filter(|(_, (c, v))| *c > 0 && *v > 0)
            .max_by_key(|(_, (c, v))| (*c.min(v), c + v));
        let Some((word, _)) = both.or_else(|| {
            counts
                .iter()
                .filter(|(_, (c, _))| *c > 0)
                .max_by_key(|(_, (c, _))| *c)
        }) else {
            return;
        };
        let id = slug(word);
        let mut provisional = Model {
            components: self.components.clone(),
            ..Model::default()
        };
        provisional.tokens.insert(
            id.clone(),
            Token {
                name: word.clone(),
                ..Token::default()
            },
        );
        let names = Names::new(&provisional);
        let mut created = Votes::new();
        let mut verified = Votes::new();
        for spec in specs {
            for diagram in spec.diagrams() {
                for step in &diagram.diagram.steps {
                    // A note is done where it stands; a message by its receiver.
                    let actor = match step.kind {
                        StepKind::Note { at } => at,
                        StepKind::Message { to, .. } => to,
                    };
                    let Some(who) = diagram
                        .diagram
                        .participants
                        .get(actor)
                        .and_then(|p| self.component_of(&p.name))
                    else {
                        continue;
                    };
                    // "(Pass Kit)" names a library, whatever words it holds.
                    for action in names.actions(&split_annotation(&step.text).0) {
                        if action.token != id {
                            continue;
                        }
                        let votes = match action.verb {
                            Verb::Create => &mut created,
                            Verb::Verify => &mut verified,
                        };
                        votes.add(who.to_string(), spec.rank, spec.at(step.span.start));
                    }
                }
            }
        }
        self.prose_votes(specs, &names, &id, &mut created, &mut verified);
        let mut token = Token {
            name: word.clone(),
            ..Token::default()
        };
        for (i, (votes, list, verb)) in [
            (&created, &mut token.created_by, "creates"),
            (&verified, &mut token.verified_by, "verifies"),
        ]
        .into_iter()
        .enumerate()
        {
            let name = |id: &String| {
                self.components
                    .get(id)
                    .map_or(id.clone(), |c| c.name.clone())
            };
            match votes.winner() {
                Some(who) => {
                    list.push(who.clone());
                    if let Some(why) = votes.disagreement(name) {
                        let note = format!("specs disagree on who {verb} {word}: {why}");
                        self.notes.push(note.clone());
                        self.token_notes[i] = Some(note);
                    }
                }
                None => {
                    self.token_notes[i] = Some(format!(
                        "no spec shows who {verb} {word}; list the component(s)"
                    ));
                }
            }
        }
        self.token = Some((id, token));
    }

    /// What the specs' sentences say about the token: a sentence that names one
    /// component and says it creates (or verifies) the token is a vote, as a diagram
    /// step is. A sentence that names two components, or denies ("never", "not",
    /// "instead of", "incorrect"), says nothing this simple reading can use.
    fn prose_votes(
        &self,
        specs: &[Spec],
        names: &Names,
        token: &str,
        created: &mut Votes<String>,
        verified: &mut Votes<String>,
    ) {
        let phrases = self.prose_phrases();
        for spec in specs {
            for para in &spec.doc.paragraphs {
                for sentence in sentences(&para.text) {
                    let sentence = &plain_words(sentence);
                    let ws = words(sentence);
                    if ws.iter().any(|w| DENIALS.contains(&w.as_str())) {
                        continue;
                    }
                    let actions: Vec<Verb> = names
                        .actions(sentence)
                        .into_iter()
                        .filter(|a| a.token == token)
                        .map(|a| a.verb)
                        .collect();
                    if actions.is_empty() {
                        continue;
                    }
                    // Who does it: a component named before the verb (its subject),
                    // or right after "by" ("created by the frontend").
                    let verb_at = ws
                        .iter()
                        .position(|w| names.verb(w).is_some())
                        .unwrap_or(ws.len());
                    let mut named: Vec<&str> = Vec::new();
                    for (phrase, id) in &phrases {
                        let doer = ws.windows(phrase.len()).enumerate().any(|(at, w)| {
                            w == phrase.as_slice()
                                && (at < verb_at
                                    || ws[..at]
                                        .iter()
                                        .rev()
                                        .find(|p| !ARTICLES.contains(&p.as_str()))
                                        == Some(&"by".to_string()))
                        });
                        if doer && !named.contains(&id.as_str()) {
                            named.push(id);
                        }
                    }
                    let [who] = named[..] else { continue };
                    for verb in actions {
                        let votes = match verb {
                            Verb::Create => &mut *created,
                            Verb::Verify => &mut *verified,
                        };
                        votes.add(who.to_string(), spec.rank, spec.at(para.span.start));
                    }
                }
            }
        }
    }

    /// The words prose may name each component by: its name, aliases and libraries,
    /// and each word of its name no other component's name has ("Frontend" for
    /// "Next.js Frontend"), common words aside.
    fn prose_phrases(&self) -> Vec<(Vec<String>, String)> {
        let mut phrases = Vec::new();
        let mut word_owners: IndexMap<String, IndexSet<&str>> = IndexMap::new();
        for (id, c) in &self.components {
            for w in words(&c.name) {
                word_owners.entry(w).or_default().insert(id);
            }
        }
        for (id, c) in &self.components {
            for name in std::iter::once(&c.name)
                .chain(&c.aliases)
                .chain(&c.libraries)
            {
                let ws = words(name);
                if !ws.is_empty() {
                    phrases.push((ws, id.clone()));
                }
            }
            for w in words(&c.name) {
                let distinctive = word_owners[&w].len() == 1
                    && w.chars().count() >= 3
                    && !COMMON_WORDS.contains(&w.as_str());
                if distinctive {
                    phrases.push((vec![w], id.clone()));
                }
            }
        }
        phrases
    }

    /// Every table the specs create (one version each), with `ALTER TABLE ... ADD`
    /// applied in document order, their indexes, owners from the specs' claims, and a
    /// DECIDE entry for each table a foreign key references that none creates.
    fn tables(&mut self, specs: &[Spec]) {
        // Name → versions, each a distinct shape of the table, voted for by specs.
        let mut versions: IndexMap<String, Vec<(SqlTable, Votes<()>)>> = IndexMap::new();
        for spec in specs {
            for t in spec.ex.sql_tables() {
                let list = versions.entry(t.name.clone()).or_default();
                let at = spec.at(t.span.start);
                match list.iter_mut().find(|(v, _)| same_shape(v, t)) {
                    Some((_, votes)) => votes.add((), spec.rank, at),
                    None => {
                        let mut votes = Votes::new();
                        votes.add((), spec.rank, at);
                        list.push((t.clone(), votes));
                    }
                }
            }
        }
        for (name, list) in versions {
            let best = list
                .iter()
                .enumerate()
                .max_by_key(|(_, (_, v))| {
                    let claims = &v.by[&()];
                    (claims.len(), claims.iter().map(|(r, _)| *r).max())
                })
                .map_or(0, |(i, _)| i);
            let mut decide = Vec::new();
            if list.len() > 1 {
                let mut all = Votes::new();
                for (i, (_, v)) in list.iter().enumerate() {
                    for (rank, at) in &v.by[&()] {
                        all.add(i, *rank, at.clone());
                    }
                }
                let show = |i: &usize| {
                    let cols: Vec<&str> =
                        list[*i].0.columns.iter().map(|c| c.name.as_str()).collect();
                    format!("({})", cols.join(", "))
                };
                if let Some(why) = all.disagreement(show) {
                    let note = format!("specs define table `{name}` differently: {why}");
                    self.notes.push(note.clone());
                    decide.push(note);
                }
                // `all.winner()` and `best` agree: both are majority, then newest.
            }
            let table = list.into_iter().nth(best).map(|(t, _)| t);
            self.tables.insert(
                name,
                DraftTable {
                    sql: table,
                    indexes: Vec::new(),
                    owner: String::new(),
                    decide,
                },
            );
        }
        // ALTER TABLE ... ADD, in document order.
        for spec in specs {
            for block in &spec.ex.sql {
                for alter in &block.read.alters {
                    let Some(Some(t)) = self.tables.get_mut(&alter.table).map(|t| t.sql.as_mut())
                    else {
                        continue;
                    };
                    for c in &alter.columns {
                        if !t.columns.iter().any(|have| have.name == c.name) {
                            t.columns.push(c.clone());
                        }
                    }
                    for fk in &alter.foreign_keys {
                        if !t.foreign_keys.iter().any(|have| same_key(have, fk)) {
                            t.foreign_keys.push(fk.clone());
                        }
                    }
                }
            }
        }
        for spec in specs {
            for index in spec.ex.sql_indexes() {
                let Some(t) = self.tables.get_mut(&index.table) else {
                    continue;
                };
                let twice = t.indexes.iter().any(|have| {
                    if index.name.is_empty() || have.name.is_empty() {
                        have.columns == index.columns && have.unique == index.unique
                    } else {
                        have.name == index.name
                    }
                });
                if !twice {
                    t.indexes.push(index.clone());
                }
            }
        }
        self.keys_that_hold();
        self.owners(specs);
    }

    /// Keys and indexes name columns their table has, and tables that exist.
    fn keys_that_hold(&mut self) {
        let mut referenced: IndexMap<String, Vec<String>> = IndexMap::new();
        let names: Vec<String> = self.tables.keys().cloned().collect();
        let pks: IndexMap<String, Vec<String>> = self
            .tables
            .iter()
            .map(|(n, t)| {
                (
                    n.clone(),
                    t.sql.as_ref().map(primary_key).unwrap_or_default(),
                )
            })
            .collect();
        for (name, t) in &mut self.tables {
            let Some(sql) = t.sql.as_mut() else { continue };
            let columns: Vec<String> = sql.columns.iter().map(|c| c.name.clone()).collect();
            let has = |c: &String| columns.is_empty() || columns.contains(c);
            let mut kept = Vec::new();
            for mut fk in std::mem::take(&mut sql.foreign_keys) {
                let shown = format!("({}) → {}", fk.columns.join(", "), fk.references);
                if let Some(missing) = fk.columns.iter().find(|c| !has(c)) {
                    t.decide.push(format!(
                        "foreign key {shown} left out: `{name}` has no column `{missing}`"
                    ));
                    continue;
                }
                if fk.ref_columns.is_empty() {
                    fk.ref_columns = match pks.get(&fk.references) {
                        Some(pk) if pk.len() == fk.columns.len() => pk.clone(),
                        _ if fk.columns.len() == 1 => vec!["id".to_string()],
                        _ => Vec::new(),
                    };
                }
                if fk.ref_columns.len() != fk.columns.len() || fk.columns.is_empty() {
                    t.decide.push(format!(
                        "foreign key {shown} left out: its columns and the referenced ones differ in number"
                    ));
                    continue;
                }
                if !names.contains(&fk.references) {
                    referenced
                        .entry(fk.references.clone())
                        .or_default()
                        .push(format!("{name}.{}", fk.columns.join("/")));
                }
                kept.push(fk);
            }
            sql.foreign_keys = kept;
            let mut indexes = Vec::new();
            for index in std::mem::take(&mut t.indexes) {
                match index.columns.iter().find(|c| !has(c)) {
                    Some(missing) => t.decide.push(format!(
                        "index {} left out: `{name}` has no column `{missing}`",
                        if index.name.is_empty() {
                            "(unnamed)"
                        } else {
                            index.name.as_str()
                        }
                    )),
                    None if index.columns.is_empty() => {}
                    None => indexes.push(index),
                }
            }
            t.indexes = indexes;
        }
        for (name, by) in referenced {
            let near: Vec<&String> = names.iter().filter(|n| similar(n, &name)).collect();
            let near = if near.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                format!(" (is it {}?)", list.join(" or "))
            };
            self.tables.insert(
                name.clone(),
                DraftTable {
                    sql: None,
                    indexes: Vec::new(),
                    owner: String::new(),
                    decide: vec![format!(
                        "referenced by {} but created by no spec{near}: add its columns, or point the keys at the right table",
                        by.join(", ")
                    )],
                },
            );
        }
    }

    /// Table owners from the specs' own claims; "App" where none is made.
    fn owners(&mut self, specs: &[Spec]) {
        let mut claims: IndexMap<String, Votes<String>> = IndexMap::new();
        let mut owner_names: IndexMap<String, String> = IndexMap::new();
        let mut claim = |table: &str,
                         owner: &str,
                         rank,
                         at: String,
                         claims: &mut IndexMap<String, Votes<String>>| {
            let name = crate::generate::without_parenthetical(owner);
            let id = slug(&name);
            if id == "x" || words(&name).is_empty() {
                return;
            }
            owner_names.entry(id.clone()).or_insert(name);
            claims
                .entry(table.to_string())
                .or_insert_with(Votes::new)
                .add(id, rank, at);
        };
        for spec in specs {
            for c in &spec.ex.claims {
                claim(
                    &c.table,
                    &c.owner.text,
                    spec.rank,
                    spec.at(c.owner.span.start),
                    &mut claims,
                );
            }
            for row in &spec.ex.matrix {
                let Some(owner) = row.managed_by.as_ref().or(row.created_by.as_ref()) else {
                    continue;
                };
                claim(
                    &row.table.text,
                    &owner.text,
                    spec.rank,
                    spec.at(owner.span.start),
                    &mut claims,
                );
            }
        }
        for (name, t) in &mut self.tables {
            let votes = claims.get(name);
            match votes.and_then(|v| v.winner()) {
                Some(owner) => {
                    t.owner = owner.clone();
                    self.owners
                        .entry(owner.clone())
                        .or_insert_with(|| owner_names[owner].clone());
                    let why = votes.and_then(|v| v.disagreement(|id| owner_names[id].clone()));
                    if let Some(why) = why {
                        let note = format!("specs disagree on who manages `{name}`: {why}");
                        self.notes.push(note.clone());
                        t.decide.push(note);
                    }
                }
                None => t.owner = APP.to_string(),
            }
        }
        if self.tables.values().any(|t| t.owner == APP) && !self.owners.contains_key(APP) {
            self.owners.insert(APP.to_string(), "App".to_string());
        }
    }

    fn documents(&mut self, specs: &[Spec]) {
        for (i, spec) in specs.iter().enumerate() {
            let escapes = spec.path.starts_with('/')
                || spec.path.starts_with('\\')
                || spec.path.get(1..2) == Some(":")
                || spec.path.split(['/', '\\']).any(|p| p == "..");
            if escapes || spec.path.is_empty() {
                self.left_out.push(spec.path.clone());
                continue;
            }
            let mut tables: Vec<String> = Vec::new();
            for t in spec.ex.sql_tables() {
                if !tables.contains(&t.name) {
                    tables.push(t.name.clone());
                }
            }
            let flows = self.doc_flows.get(i).cloned().unwrap_or_default();
            self.documents.push((spec.path.clone(), flows, tables));
        }
    }

    fn render(&self, files: usize, schema: &str) -> String {
        let mut y = String::new();
        let _ = writeln!(y, "# yaml-language-server: $schema={schema}");
        let _ = writeln!(
            y,
            "# Drafted by `speclint init` from {files} spec(s). Lines marked DECIDE are what\n# the specs cannot tell, or tell two ways (`speclint check` reports each until its\n# comment is deleted); the rest is what they show today.\n# Keys: {schema}; findings: `speclint explain CODE`.\nversion: 1\n"
        );
        y.push_str("# Every participant of the specs' sequence diagrams.\ncomponents:");
        if self.components.is_empty() {
            y.push_str(" {}");
        }
        y.push('\n');
        for (id, c) in &self.components {
            let _ = writeln!(y, "  {}:\n    name: {}", quote(id), quote(&c.name));
            if !c.aliases.is_empty() {
                let _ = writeln!(
                    y,
                    "    aliases: [{}]  # other names the diagrams use",
                    list(&c.aliases)
                );
            }
            if !c.libraries.is_empty() {
                let _ = writeln!(
                    y,
                    "    libraries: [{}]  # shown in parentheses on its lifeline",
                    list(&c.libraries)
                );
            }
        }
        y.push_str("\n# Who creates and who verifies each token: the two lines that make the gate.\ntokens:");
        match &self.token {
            None => {
                y.push_str(" {}  # no diagram creates a token; add one if the specs speak of it\n")
            }
            Some((id, t)) => {
                let _ = writeln!(
                    y,
                    "\n  {}:\n    name: {}  # the word the diagrams create; add aliases: [...] for other names",
                    quote(id),
                    quote(&t.name)
                );
                for (key, who, note) in [
                    ("created_by", &t.created_by, &self.token_notes[0]),
                    ("verified_by", &t.verified_by, &self.token_notes[1]),
                ] {
                    let _ = write!(y, "    {key}: [{}]", list(who));
                    match note {
                        Some(note) => {
                            let _ = writeln!(y, "  # DECIDE: {}", comment(note));
                        }
                        None => y.push_str("  # as the specs show it\n"),
                    }
                }
            }
        }
        y.push_str("\n# Each sequence diagram, step by step, as drawn today.\nflows:");
        if self.flows.is_empty() {
            y.push_str(" {}");
        }
        y.push('\n');
        for (id, steps) in &self.flows {
            let _ = writeln!(y, "  {}:\n    steps:", quote(id));
            for s in steps {
                let _ = writeln!(y, "      - {s}");
            }
        }
        if !self.tables.is_empty() {
            y.push_str(
                "\n# Every CREATE TABLE in the specs, ALTER TABLE applied.\nschema:\n  owners:\n",
            );
            for (id, name) in &self.owners {
                let decide = if id == APP {
                    "  # DECIDE: no spec says who creates these tables; one owner per team or tool"
                } else {
                    "  # as the specs claim it"
                };
                let _ = writeln!(y, "    {}:\n      name: {}{decide}", quote(id), quote(name));
            }
            y.push_str("  tables:\n");
            for (name, t) in &self.tables {
                table(&mut y, name, t);
            }
        }
        y.push_str("\n# What each spec must show.\ndocuments:");
        if self.documents.is_empty() {
            y.push_str(" []");
        }
        y.push('\n');
        for path in &self.left_out {
            let _ = writeln!(
                y,
                "  # left out, outside the model's folder: {}",
                comment(path)
            );
        }
        for (path, flows, tables) in &self.documents {
            let _ = writeln!(y, "  - path: {}", quote(path));
            if !flows.is_empty() {
                let _ = writeln!(y, "    flows: [{}]", list(flows));
            }
            if !tables.is_empty() {
                let _ = writeln!(y, "    tables: [{}]", list(tables));
            }
        }
        y.push_str("\n# Which rules run, and where (see `speclint rules`).\nlint:\n  ignore: []\n");
        y
    }
}

/// The owner of tables no spec claims.
const APP: &str = "app";

/// Words that make a sentence deny or contrast rather than state.
const DENIALS: &[&str] = &[
    "never",
    "not",
    "no",
    "nor",
    "t",
    "cannot",
    "instead",
    "rather",
    "incorrect",
    "incorrectly",
    "wrong",
    "wrongly",
    "without",
];

/// Words of a component's name too common to stand for it alone in prose.
const COMMON_WORDS: &[&str] = &[
    "next", "new", "the", "and", "user", "app", "api", "web", "service", "server", "client",
    "main", "core", "auth", "layer", "system",
];

/// A sentence with paths left out ("frontend/lib/auth.ts" names no component) and
/// hyphens joined ("sign-in" is not the verb "sign").
fn plain_words(sentence: &str) -> String {
    sentence
        .split_whitespace()
        .filter(|w| !w.contains('/'))
        .map(|w| w.replace('-', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A paragraph's sentences: split after `.`, `!`, `?`, `;` or `:` followed by a space
/// (so "Next.js" stays whole), and at line ends.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end = b == b'\n'
            || (matches!(b, b'.' | b'!' | b'?' | b';' | b':')
                && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if end {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Words skipped between a verb and what it acts on.
const ARTICLES: &[&str] = &["a", "an", "the", "new", "its", "their", "our", "and", "or"];

fn table(y: &mut String, name: &str, t: &DraftTable) {
    let _ = writeln!(y, "    {}:", quote(name));
    for d in &t.decide {
        let _ = writeln!(y, "      # DECIDE: {}", comment(d));
    }
    let owner_note = if t.owner == APP {
        "  # DECIDE: who manages it"
    } else {
        ""
    };
    let _ = writeln!(y, "      owner: {}{owner_note}", quote(&t.owner));
    let Some(sql) = &t.sql else { return };
    if !sql.columns.is_empty() {
        y.push_str("      columns:\n");
    }
    for c in &sql.columns {
        let mut fields = vec![
            format!("name: {}", quote(&c.name)),
            format!("type: {}", quote(&c.data_type)),
        ];
        if c.primary_key || sql.primary_key == [c.name.clone()] {
            fields.push("primary_key: true".into());
        }
        if c.unique {
            fields.push("unique: true".into());
        }
        if c.not_null {
            fields.push("not_null: true".into());
        }
        if let Some(default) = &c.default {
            fields.push(format!("default: {}", quote(default)));
        }
        let _ = writeln!(y, "        - {{ {} }}", fields.join(", "));
    }
    if !sql.foreign_keys.is_empty() {
        y.push_str("      foreign_keys:\n");
    }
    for fk in &sql.foreign_keys {
        let mut fields = vec![
            format!("columns: [{}]", list(&fk.columns)),
            format!("references: {}", quote(&fk.references)),
            format!("ref_columns: [{}]", list(&fk.ref_columns)),
        ];
        if let Some(on_delete) = &fk.on_delete {
            fields.push(format!("on_delete: {}", quote(on_delete)));
        }
        let _ = writeln!(y, "        - {{ {} }}", fields.join(", "));
    }
    if !t.indexes.is_empty() {
        y.push_str("      indexes:\n");
    }
    for i in &t.indexes {
        let unique = if i.unique { ", unique: true" } else { "" };
        let _ = writeln!(
            y,
            "        - {{ name: {}, columns: [{}]{unique} }}",
            quote(&i.name),
            list(&i.columns)
        );
    }
}

/// The primary key's columns.
fn primary_key(t: &SqlTable) -> Vec<String> {
    if !t.primary_key.is_empty() {
        return t.primary_key.clone();
    }
    t.columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect()
}

/// Two `CREATE TABLE`s of one name that say the same: same columns, same types.
fn same_shape(a: &SqlTable, b: &SqlTable) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.name == y.name && x.data_type == y.data_type)
}

fn same_key(a: &SqlForeignKey, b: &SqlForeignKey) -> bool {
    a.columns == b.columns && a.references == b.references
}

/// Names a person may have meant for each other: `user` and `users`.
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a != b
        && (a.trim_end_matches('s') == b.trim_end_matches('s')
            || a.starts_with(&b)
            || b.starts_with(&a))
}

/// Whether the words of `inner` appear, in order and together, in `outer` (longer).
fn holds(outer: &[String], inner: &[String]) -> bool {
    !inner.is_empty() && outer.len() > inner.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// "Next.js Frontend (Better Auth)" → ("Next.js Frontend", Some("Better Auth")). The
/// parenthesis counts only when it looks like a name: one to three words, each
/// capitalised or an acronym ("(optional)" or "(step 2)" are not).
fn split_annotation(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    let Some(open) = text.rfind('(') else {
        return (text.to_string(), None);
    };
    let Some(inner) = text[open + 1..].strip_suffix(')') else {
        return (text.to_string(), None);
    };
    let inner = inner.trim();
    let ws: Vec<&str> = inner.split_whitespace().collect();
    let name_like = !ws.is_empty()
        && ws.len() <= 3
        && ws.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphanumeric() || ".-".contains(c))
        });
    let outside = text[..open].trim();
    if !name_like || outside.is_empty() {
        return (text.to_string(), None);
    }
    (outside.to_string(), Some(inner.to_string()))
}

/// The diagrams a spec shows as the wrong way: the document quotes their block as a
/// mistake (a change request's "Current (INCORRECT)" example; see
/// `Document::quoted_mistake`).
fn wrong_examples(doc: &Document, ex: &Extracts) -> Vec<usize> {
    (0..ex.diagrams.len())
        .filter(|&i| doc.quoted_mistake(ex.diagrams[i].block))
        .collect()
}

/// The number of the spec's `NNN-` folder or file (the highest in its path), 0 when
/// it has none.
fn spec_number(path: &str) -> u32 {
    path.split(['/', '\\'])
        .filter_map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            let rest = &part[digits.len()..];
            (!digits.is_empty() && (rest.starts_with('-') || rest.starts_with('_')))
                .then(|| digits.parse().ok())
                .flatten()
        })
        .max()
        .unwrap_or(0)
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A YAML double-quoted scalar. Every character YAML does not take as printable
/// (controls, C1, BOM, line and paragraph separators, U+FFFE/U+FFFF) is escaped, so
/// any text a spec holds round-trips.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Whether YAML takes `c` as it is inside a quoted scalar (and it is not a line break).
fn printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Text for a `#` comment: one line, printable characters only.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if printable(c) { c } else { ' ' })
        .collect()
}

/// "Next.js Frontend" → "next-js-frontend".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
}

fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        assert_eq!(slug("Next.js Frontend"), "next-js-frontend");
        assert_eq!(slug("  (!) "), "x");
        assert_eq!(unique("a", |id| id == "a" || id == "a-2"), "a-3");
    }

    #[test]
    fn annotations_that_look_like_names_are_split_off() {
        assert_eq!(
            split_annotation("Next.js Frontend (Better Auth)"),
            (
                "Next.js Frontend".to_string(),
                Some("Better Auth".to_string())
            )
        );
        assert_eq!(split_annotation("Save (optional)").1, None);
        assert_eq!(split_annotation("(JWT)").1, None);
    }

    #[test]
    fn spec_numbers_rank_newer_specs_higher() {
        assert_eq!(spec_number("specs/004-auth/spec.md"), 4);
        assert_eq!(spec_number("phase 2/specs/012_chat/plan.md"), 12);
        assert_eq!(spec_number("docs/notes.md"), 0);
    }

    #[test]
    fn quoting_escapes_what_yaml_refuses() {
        assert_eq!(
            quote("a\"b\\c\u{85}\u{feff}\u{1}"),
            "\"a\\\"b\\\\c\\u0085\\uFEFF\\u0001\""
        );
    }

    #[test]
    fn a_draft_too_large_to_load_leaves_flows_out() {
        let mut text =
            String::from("```mermaid\nsequenceDiagram\n  participant A\n  participant B\n");
        let label = "x".repeat(400);
        for _ in 0..12_000 {
            text.push_str(&format!("  A->>B: {label}\n"));
        }
        text.push_str("```\n");
        let d = draft(
            &[Source {
                path: "specs/a.md".into(),
                text,
            }],
            "s.json",
        );
        assert!(d.yaml.len() <= crate::model::MAX_MODEL_BYTES);
        assert!(d.notes[0].contains("no flows drafted"), "{:?}", d.notes);
        crate::model::parse_model(&d.yaml, std::path::Path::new("m.yaml")).expect("loads");
    }
}
