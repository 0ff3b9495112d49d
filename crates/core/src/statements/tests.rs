//! Behaviour of the statement finder on sentences written for these tests.

use crate::doc::StatementKind;
use crate::{analyze, Document, Options};

fn run(text: &str) -> Document {
    analyze(text, &Options::default()).0
}

/// (speaker name, mention, cue, content, kind) of every statement.
fn rows(doc: &Document) -> Vec<(Option<String>, String, String, String, StatementKind)> {
    doc.statements
        .iter()
        .map(|s| {
            let v = &s.value;
            (
                v.speaker.name.clone(),
                v.speaker
                    .mention
                    .map_or(String::new(), |m| doc.slice(m).to_string()),
                v.cue.map_or(String::new(), |c| doc.slice(c).to_string()),
                doc.slice(s.span).to_string(),
                v.kind,
            )
        })
        .collect()
}

/// The one statement of `text`, as a row (fails when there is not exactly one).
fn only_row(text: &str) -> (Option<String>, String, String, String, StatementKind) {
    let mut r = rows(&run(text));
    assert_eq!(r.len(), 1, "{text}: {r:?}");
    r.remove(0)
}

#[test]
fn indirect_speech_with_that() {
    let doc = run("Mayor Jane Holloway said on Monday that the bridge would reopen in spring.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Jane Holloway"));
    assert_eq!(r[0].2, "said");
    assert_eq!(r[0].3, "the bridge would reopen in spring");
    assert_eq!(r[0].4, StatementKind::Indirect);
}

#[test]
fn trailing_direct_quote_and_pronoun() {
    let text = "Tom Ridley runs the harbour board.\n“We will not close the port,” he said.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "he");
    assert_eq!(r[0].0.as_deref(), Some("Tom Ridley"));
    assert_eq!(r[0].3, "We will not close the port");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn according_to_and_unnamed_sources() {
    let r = rows(&run(
        "The talks collapsed late on Friday, according to officials familiar with the process.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, None);
    assert_eq!(r[0].1, "officials familiar with the process");
    assert_eq!(r[0].3, "The talks collapsed late on Friday");
}

#[test]
fn appositive_speaker_and_medium() {
    let text =
        "Anna Berg, head of the port authority, wrote on Telegram that the ferries were late.\n";
    let doc = run(text);
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Anna Berg");
    assert_eq!(r[0].3, "the ferries were late");
    let med = doc
        .statements
        .get(0)
        .and_then(|s| s.value.medium.clone())
        .map(|m| m.1);
    assert_eq!(med.as_deref(), Some("on Telegram"));
}

#[test]
fn nouns_and_participles_are_not_cues() {
    let r = rows(&run(
        "The report was long. The transcript published by the paper ran to ten pages.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn adding_inherits_the_speaker() {
    let text =
        "Minister Paul Okafor described the plan as “a mistake,” adding that talks would go on.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].2, "adding");
    assert_eq!(r[1].0.as_deref(), Some("Paul Okafor"));
    assert_eq!(r[1].3, "talks would go on");
}

#[test]
fn no_panic_on_odd_input() {
    for t in [
        "“",
        "said",
        "according to",
        "“a” said ,",
        "He said “",
        ", adding that",
        "reportedly",
    ] {
        let _ = run(t);
    }
}

#[test]
fn resumed_quotation_is_one_statement() {
    let text = "“The tunnel is safe,” said Marta Kovac, the city engineer. “We checked every joint twice.”\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Marta Kovac"));
    assert!(r[0].3.starts_with("The tunnel is safe"), "{r:?}");
    assert!(r[0].3.ends_with("every joint twice"), "{r:?}");
}

#[test]
fn relative_pronoun_is_the_mention_and_the_antecedent_the_name() {
    let text = "The plan was backed by Piet Jansen, who said the fares would stay low.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "who");
    assert_eq!(r[0].0.as_deref(), Some("Piet Jansen"));
    assert_eq!(r[0].3, "the fares would stay low");
}

#[test]
fn citing_gives_the_cited_source_its_own_statement() {
    let text = "The Harbour Gazette reported on Monday that the dock would close, citing port officials.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Harbour Gazette"));
    assert_eq!(r[1].2, "citing");
    assert_eq!(r[1].1, "port officials");
    assert_eq!(r[0].3, r[1].3);
}

#[test]
fn pronoun_follows_the_last_speaker() {
    let text = "Ida Lund met Omar Haddad on Friday. Haddad said the deal was close.\n“We need one more week,” he said.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].1, "he");
    assert_eq!(r[1].0.as_deref(), Some("Omar Haddad"));
}

#[test]
fn pronouns_skip_people_of_the_other_gender() {
    // The last speaker is a man; "she" is the woman named after him.
    let text = "Tom Orsova said the port would reopen. Helen Varga met him on Friday.\n\
                She said the talks with Orsova had gone well.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].1, "She");
    assert_eq!(r[1].0.as_deref(), Some("Helen Varga"), "{r:?}");
    // The last person named is a man; the entity layer links "She" to the woman named
    // before him.
    let text = "Helen Varga said the port would reopen. She met Tom Orsova on Friday.\n\
                She said the talks with Orsova had gone well.\n";
    let doc = run(text);
    let r = rows(&doc);
    let linked: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.value.kind == crate::MentionKind::Pronoun && doc.slice(m.span) == "She")
        .filter_map(|m| doc.entities.get(m.value.entity as usize))
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(linked, ["Helen Varga", "Helen Varga"], "{r:?}");
}

#[test]
fn a_titled_speaker_is_the_person_not_the_place_or_agency() {
    let text = "Ohio Gov. Tom Orsova said the port would reopen on Monday.\n\
                FBI Director Helen Varga said the inquiry was over.\n";
    let doc = run(text);
    let speakers: Vec<(Option<&str>, Option<&str>)> = doc
        .statements
        .iter()
        .map(|s| {
            let sp = &s.value.speaker;
            let entity = sp
                .entity
                .and_then(|e| doc.entities.get(e as usize))
                .map(|e| e.name.as_str());
            (sp.name.as_deref(), entity)
        })
        .collect();
    assert_eq!(
        speakers,
        [
            (Some("Tom Orsova"), Some("Tom Orsova")),
            (Some("Helen Varga"), Some("Helen Varga"))
        ]
    );
    // The phrase's head is its last person, not the one whose title it names.
    let text = "Barack Obama named Arne Dunn to the cabinet on Monday.\n\
                Obama Education Secretary Arne Dunn said the schools would reopen.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Arne Dunn"), "{r:?}");
}

#[test]
fn an_aide_or_lawyer_of_a_person_is_not_that_person() {
    let text = "Tom Varga praised the plan. His lawyer said the deal was fair. \
                Varga's lawyer said the court would agree.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!((r[0].0.as_deref(), r[0].1.as_str()), (None, "His lawyer"));
    assert_eq!(
        (r[1].0.as_deref(), r[1].1.as_str()),
        (None, "Varga's lawyer")
    );
}

#[test]
fn descriptions_agree_in_gender_and_indefinites_are_new_people() {
    let text = "Hillary Varga met voters on Monday. The businessman said the plan would fail.\n\
                Tom Orsova spoke next. A man said the mayor had lied.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        (r[0].0.as_deref(), r[0].1.as_str()),
        (None, "The businessman")
    );
    assert_eq!((r[1].0.as_deref(), r[1].1.as_str()), (None, "A man"));
}

#[test]
fn a_clause_after_a_name_is_no_apposition() {
    // "Helen Lund, the mayor also said …" is not an apposition naming her the mayor.
    let text = "Mayor Tom Varga spoke on Monday.\n\
                After meeting Helen Lund, the mayor also said the blast was deliberate.\n";
    let doc = run(text);
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        (r[0].0.as_deref(), r[0].1.as_str()),
        (Some("Tom Varga"), "the mayor")
    );
    let lund = doc.entities.iter().find(|e| e.name == "Helen Lund");
    assert!(lund.is_some_and(|e| e.roles.is_empty()), "{lund:?}");
    // A relative clause after an apposition is not part of the role.
    let text = "Helen Lund, a former bank director who had lobbied the council, spoke.\n";
    let doc = run(text);
    let roles: Vec<&str> = doc
        .entities
        .iter()
        .filter(|e| e.name == "Helen Lund")
        .flat_map(|e| e.roles.iter().map(|r| doc.slice(r.span)))
        .collect();
    assert_eq!(roles, ["a former bank director"]);
}

#[test]
fn a_denial_links_to_the_claim() {
    let text = "The Coastal Herald claimed that the mayor had sold the ferry.\nMayor Lena Brandt said the report was false.\n";
    let doc = run(text);
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    let stance = doc.statements.get(1).and_then(|s| s.value.stance);
    assert_eq!(
        stance.map(|s| (s.kind, s.target)),
        Some((crate::doc::StanceKind::Denies, 0))
    );
}

#[test]
fn interview_medium_and_double_apostrophe_quotes() {
    let text = "In an interview with the Valley Post, Greta Olsen said the mill would reopen.\n''It is a good day,'' Mr. Olsen said.\n";
    let doc = run(text);
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    let med = doc
        .statements
        .get(0)
        .and_then(|s| s.value.medium.clone())
        .map(|m| m.1);
    assert_eq!(med.as_deref(), Some("interview with the Valley Post"));
    assert_eq!(r[1].3, "It is a good day");
    assert_eq!(r[1].4, StatementKind::Direct);
}

#[test]
fn capitalised_openers_and_months_are_not_actors() {
    // "Construction" and "Barges" open sentences but are no organisations, so the
    // ministry stays unnamed; "October" is a month, not who "they" are.
    let text = "Construction of a new ferry pier in Eastport has stopped.\n\
                Barges loaded with gravel wait in the bay. The cost has doubled, according \
                to the regional finance ministry.\n\
                Fishermen gathered in the port of Eastport in October for what they called \
                a farewell.\n";
    let r = rows(&run(text));
    assert!(!r.is_empty(), "{r:?}");
    for row in &r {
        let name = row.0.as_deref();
        assert!(
            !matches!(name, Some("Construction" | "Barges" | "October")),
            "a common noun or month became a speaker: {r:?}"
        );
    }
    let ministry = r.iter().find(|x| x.1 == "the regional finance ministry");
    assert_eq!(ministry.map(|x| x.0.clone()), Some(None), "{r:?}");
}

#[test]
fn an_institution_description_takes_the_organisation_its_head_names() {
    // "The authority" is the port authority, not the newspaper that spoke last.
    let text = "Officials of the Eastport Port Authority met shipowners on Monday.\n\
                The Tidewater Gazette said the meeting was tense.\n\
                The authority said harbour fees would rise in spring.\n";
    let r = rows(&run(text));
    let authority = r.iter().find(|x| x.1 == "The authority");
    let name = authority.and_then(|x| x.0.clone());
    assert!(
        name.as_deref()
            .is_some_and(|n| n.contains("Port Authority")),
        "{r:?}"
    );
}

#[test]
fn a_common_noun_opening_the_sentence_is_no_name() {
    // "Farmers" is capitalised only because it opens the sentence.
    let text = "The river port stayed closed for a week.\n\
                Farmers say the losses are mounting quickly.\n";
    let r = rows(&run(text));
    let farmers = r.iter().find(|x| x.1 == "Farmers");
    assert_eq!(farmers.map(|x| x.0.clone()), Some(None), "{r:?}");
}

#[test]
fn quotation_split_by_its_cue_is_one_statement() {
    let text = "“The ferries are late again,” Anna Berg told the council, “and nobody has explained why.”\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Anna Berg");
    assert_eq!(r[0].2, "told");
    assert!(r[0].3.starts_with("The ferries are late again"), "{r:?}");
    assert!(r[0].3.ends_with("nobody has explained why"), "{r:?}");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn reportedly_with_a_coordinated_subject_keeps_the_whole_clause() {
    let text =
        "Norway, Sweden, and Finland reportedly signed a separate treaty over the weekend.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].2, "reportedly");
    assert_eq!(
        r[0].3,
        "Norway, Sweden, and Finland reportedly signed a separate treaty over the weekend"
    );
}

#[test]
fn reportedly_clause_ends_before_the_next_clause() {
    let text =
        "The port is reportedly close to bankruptcy, dock workers are striking in the north, \
                and the ferry line has cut its routes.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "The port is reportedly close to bankruptcy");
}

#[test]
fn content_ends_before_a_coordinated_clause_with_its_own_subject() {
    let text = "Mayor Jane Holloway said on Monday that the bridge would reopen in spring, \
                but the ferry company has already cut its winter routes.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "the bridge would reopen in spring");
    // A coordinated predicate of the same subject stays in the content.
    let text = "Mayor Jane Holloway said on Monday that the bridge would reopen in spring, \
                and would carry trams by autumn.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3.ends_with("carry trams by autumn"), "{r:?}");
}

#[test]
fn question_quote_before_its_cue() {
    for text in [
        "“Does anybody know what the plan is?” Dan Fry asked.\n",
        "“Does anybody know what the plan is?” asked Dan Fry.\n",
    ] {
        let r = rows(&run(text));
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1, "Dan Fry");
        assert_eq!(r[0].2, "asked");
        assert!(
            r[0].3.starts_with("Does anybody know what the plan is"),
            "{r:?}"
        );
        assert_eq!(r[0].4, StatementKind::Direct);
    }
}

#[test]
fn words_after_a_quote_frame_are_an_adjunct() {
    let text = "“The levy will go,” Dan Fry said several weeks after the vote, \
                and the traders cheered.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Dan Fry");
    assert_eq!(r[0].3, "The levy will go");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn title_case_headline_with_a_trailing_cue() {
    let r = rows(&run(
        "Port Could Close Within a Year, Harbour Chief Dan Fry Says\n\nThe ferries ran late.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].2, "Says");
    assert_eq!(r[0].3, "Port Could Close Within a Year");
    // In running text a capitalised verb-like word is a name.
    let r = rows(&run("The port board met Tom Says on Friday.\n"));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn speaker_inside_a_relative_clause() {
    let text =
        "The council passed a harbour levy, which local traders claim benefits the ferry firms.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "local traders");
    assert_eq!(r[0].2, "claim");
    assert_eq!(r[0].3, "benefits the ferry firms");
}

#[test]
fn coordinated_cue_without_that_starts_a_second_statement() {
    let text = "Mayor Jane Holloway praised the new ferry timetable at the harbour forum \
                and said she would extend it to the islands.\n";
    let r = rows(&run(text));
    assert!(
        r.iter()
            .any(|x| x.2 == "said" && x.3 == "she would extend it to the islands"),
        "{r:?}"
    );
    let text = "Jane Holloway said the levy was unfair and warned the council to drop it.\n";
    let r = rows(&run(text));
    assert!(
        r.iter()
            .any(|x| x.2 == "said" && x.3 == "the levy was unfair"),
        "{r:?}"
    );
}

#[test]
fn by_saying_belongs_to_the_sentence_subject() {
    let r = rows(&run(
        "Dan Fry replied to the fishermen on Friday by saying the levy would be cut.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Dan Fry"));
    assert_eq!(r[0].2, "saying");
    assert_eq!(r[0].3, "the levy would be cut");
    // "by adding" is an act, not speech.
    let r = rows(&run(
        "Dan Fry grew the fleet by adding two ferries to the island route.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn person_of_an_organisation_before_the_verb() {
    let r = rows(&run(
        "\"The port will close,\" Dan Fry of the Dock Union said.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Dan Fry");
    assert_eq!(r[0].3, "The port will close");
}

#[test]
fn question_quote_before_its_cue_with_a_trailing_participle() {
    let r = rows(&run(
        "“Who would have believed that we would win?” Dan Fry said, looking out on the crowd.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Dan Fry");
    assert!(r[0].3.starts_with("Who would have believed"), "{r:?}");
}

#[test]
fn age_appositive_after_the_speaker() {
    let r = rows(&run(
        "\"Fees are not optional,\" Dana Fry, 25, said as she and other traders walked out.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Dana Fry");
    assert_eq!(r[0].3, "Fees are not optional");
}

#[test]
fn quotation_resumed_after_a_longer_adjunct() {
    let text = "“The levy will go,” Dan Fry said during a rally in the old harbour town, \
                “and the ferries will run again.”\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3.starts_with("The levy will go"), "{r:?}");
    assert!(r[0].3.ends_with("the ferries will run again"), "{r:?}");
}

#[test]
fn coordinated_call_for_ends_the_first_content() {
    let text = "Jane Holloway called the levy “unfair” and called for a vote on it.\n";
    let r = rows(&run(text));
    assert!(
        r.iter()
            .any(|x| x.2 == "called" && x.3 == "the levy “unfair”"),
        "{r:?}"
    );
}

#[test]
fn double_apostrophe_quotation_continues_after_its_cue() {
    let text = "''The levy is more tinkering,'' Dan Fry said. ''I would not call it reform.''\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3.starts_with("The levy is more tinkering"), "{r:?}");
    assert!(r[0].3.ends_with("I would not call it reform"), "{r:?}");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn double_apostrophe_quotation_split_by_its_cue_and_after_a_colon() {
    let r = rows(&run(
        "''The levy is more tinkering,'' Dan Fry said, ''and I would not call it reform.''\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].3.starts_with("The levy is more tinkering"), "{r:?}");
    assert!(r[0].3.ends_with("I would not call it reform"), "{r:?}");
    let r = rows(&run("Dan Fry said: ''I would not call it reform.''\n"));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "I would not call it reform");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn long_appositive_speaker_after_a_leading_quotation() {
    let r = rows(&run(
        "\"Fees are not optional,\" Rep. Dan Fry (R-Maine), a member of the harbour panel, \
         said in a phone interview.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Dan Fry"));
    assert_eq!(r[0].3, "Fees are not optional");
}

#[test]
fn title_with_lower_case_modifiers_after_a_quote() {
    let text = "Flood barriers held overnight on the river.\n“We will rebuild every bridge,” harbour police Chief Ana Morel said on Monday.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Ana Morel"));
    assert_eq!(r[0].2, "said");
    assert_eq!(r[0].3, "We will rebuild every bridge");
}

#[test]
fn continued_only_in_a_quotation_tag() {
    let text = "Ana Morel spoke to the council.\n“We will rebuild every bridge,” she continued.\nThe rain continued for three more days.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Ana Morel"));
    assert_eq!(r[0].2, "continued");
    assert_eq!(r[0].3, "We will rebuild every bridge");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn parenthetical_cue_takes_the_whole_sentence() {
    let r = rows(&run(
        "The old mill was profitable, Ms. Morel said, until the river changed its course.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].2, "said");
    assert_eq!(
        r[0].3,
        "The old mill was profitable, Ms. Morel said, until the river changed its course"
    );
    // What follows the second comma is about the saying: the content stops before it.
    let r = rows(&run(
        "The old mill was profitable, Ms. Morel said, speaking to reporters on Friday.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "The old mill was profitable");
}

#[test]
fn a_day_between_subject_and_verb() {
    let r = rows(&run(
        "Ana Morel on Tuesday said she would close the old mill within a year.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Ana Morel"));
    assert_eq!(r[0].3, "she would close the old mill within a year");
}

#[test]
fn colon_at_the_end_of_a_paragraph_introduces_the_next() {
    let text = "Ana Morel spoke to the council on Monday.\nThe mayor added:\nThe mill is finished. Nobody in this town will miss its smoke.\nThe council voted later.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "The mayor");
    assert_eq!(r[0].2, "added");
    assert_eq!(
        r[0].3,
        "The mill is finished. Nobody in this town will miss its smoke"
    );
    let text = "Ana Morel spoke to the council on Monday.\nShe continued:\n“The mill is finished.”\nThe council voted later.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Ana Morel"));
    assert_eq!(r[0].3, "The mill is finished");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn inverted_attribution_after_the_content() {
    // A named speaker after the content with a core speech verb is kept.
    let r = rows(&run(
        "The ferry will run again this week, said Ana Morel.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Ana Morel"));
    assert_eq!(r[0].3, "The ferry will run again this week");
    // An apposition to the speaker is no part of the content.
    let r = rows(&run(
        "The ferry will run again this week, said Ana Morel, a spokeswoman for the port.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "The ferry will run again this week");
    // The sentence goes on after the inverted speaker: the whole sentence is content.
    let r = rows(&run(
        "The new timetable, said Ana Morel, would be ready before the summer.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        r[0].3,
        "The new timetable, said Ana Morel, would be ready before the summer"
    );
}

#[test]
fn a_pronoun_with_its_own_verb_is_no_inverted_speaker() {
    let r = rows(&run(
        "Ana Morel runs the port.\nJust over a quarter, 26 percent, say they will take the ferry.\n",
    ));
    assert!(r.iter().all(|x| x.1 != "they"), "{r:?}");
}

/// The mention of the statement whose cue is `cue`.
fn mention_of(r: &[(Option<String>, String, String, String, StatementKind)], cue: &str) -> String {
    r.iter().find(|x| x.2 == cue).map_or_else(
        || format!("no statement with cue {cue:?}: {r:?}"),
        |x| x.1.clone(),
    )
}

#[test]
fn participle_takes_the_subject_of_the_main_clause() {
    // A pronoun that opens the sentence.
    let text =
        "Ana Lopes runs the port.\nShe went on to attack the plan, saying the levy was unfair.\n";
    let r = rows(&run(text));
    assert_eq!(mention_of(&r, "saying"), "She");
    assert!(
        r.iter().any(|x| x.0.as_deref() == Some("Ana Lopes")),
        "{r:?}"
    );
    // A description that opens the sentence, up to its verb.
    let r = rows(&run(
        "The ferry operators declined to comment on the dispute, saying talks were continuing.\n",
    ));
    assert_eq!(mention_of(&r, "saying"), "The ferry operators");
    // After a fronted phrase with commas of its own, the phrase after its last comma.
    let r = rows(&run(
        "At a rally in Portlow, Maine, on Tuesday, Senator Dan Fry endorsed the plan, saying it would save the ferries.\n",
    ));
    assert_eq!(mention_of(&r, "saying"), "Dan Fry");
    // After a time phrase, and with a coordinated verb.
    let r = rows(&run(
        "Hours later, Ana Lopes reversed herself and said the port would stay open.\n",
    ));
    assert_eq!(mention_of(&r, "said"), "Ana Lopes");
    let r = rows(&run(
        "A few minutes later they reversed themselves, rushed everyone inside and said the vote would go on.\n",
    ));
    assert_eq!(mention_of(&r, "said"), "they");
    // Inside a fronted clause: that clause's subject.
    let r = rows(&run(
        "When Ana Lopes later met the crews and said the port would reopen, they cheered.\n",
    ));
    assert_eq!(mention_of(&r, "said"), "Ana Lopes");
}

#[test]
fn expletive_it_is_no_speaker() {
    let r = rows(&run(
        "It was a sharp rebuke, as the mayor echoed the criticism, saying the levy was unfair.\n",
    ));
    assert_ne!(mention_of(&r, "saying"), "It");
}

#[test]
fn according_to_a_report_by_someone() {
    let r = rows(&run(
        "The levy raised $4 million last year, according to a count by the Portlow Herald.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].1.ends_with("Portlow Herald"), "{r:?}");
    // A clause after the source's noun is no part of it.
    let r = rows(&run(
        "The plan would cost $2 million a year, according to the document he released.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "the document");
}

#[test]
fn a_channel_before_the_participle_is_no_speaker() {
    let r = rows(&run(
        "Later, the ferry company released a statement saying it would cancel the Monday sailings.\n",
    ));
    assert_eq!(mention_of(&r, "saying"), "the ferry company");
}

#[test]
fn a_place_between_commas_is_no_apposition() {
    let r = rows(&run(
        "Dan Fry, in Portlow, said on Tuesday that the ferries would run.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Dan Fry");
}

#[test]
fn told_with_a_name_before_a_noun_is_no_channel() {
    let r = rows(&run(
        "Port officials told EU counterparts the ferry route would stay open.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].2, "told");
    let doc = run("Port officials told EU counterparts the ferry route would stay open.\n");
    assert!(
        doc.statements.iter().all(|s| s.value.medium.is_none()),
        "{:?}",
        doc.statements
    );
    // An outlet after "told" is the channel.
    let doc = run("Dan Fry told the Portlow Herald that the ferries would run.\n");
    assert!(
        doc.statements.iter().any(|s| s.value.medium.is_some()),
        "{:?}",
        doc.statements
    );
}

#[test]
fn modifiers_of_a_role_word_belong_to_the_speaker() {
    let text = "Markets were calm.\n“There is a high risk of an accident,” Harbour Capital portfolio manager Bonnie Baha said on Monday.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Bonnie Baha"));
    assert_eq!(r[0].3, "There is a high risk of an accident");
}

#[test]
fn a_quoted_title_before_that_is_an_adjunct() {
    let text = "Ana Lopes said on Harbour Radio's “Morning Tide” that she would review the levy.\n";
    let r = rows(&run(text));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Ana Lopes");
    assert_eq!(r[0].3, "she would review the levy");
}

#[test]
fn a_that_clause_may_open_with_any_word() {
    for (text, content) in [
        (
            "Officials say that this time is different.\n",
            "this time is different",
        ),
        (
            "Dan Fry said that while the levy was unfair, the crews would pay it.\n",
            "while the levy was unfair, the crews would pay it",
        ),
    ] {
        let r = rows(&run(text));
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].3, content);
    }
    // Without "that", a subordinate clause is no content.
    let r = rows(&run("Dan Fry said while the crews waited.\n"));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn a_capitalised_ly_word_is_a_name() {
    let r = rows(&run(
        "Phyllis Schlafly also noted that the amendment would fail.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Phyllis Schlafly"));
    let r = rows(&run("Schlafly said that the amendment would fail.\n"));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Schlafly");
}

#[test]
fn a_that_after_a_new_clause_is_no_complement() {
    let r = rows(&run(
        "The draft has been cut from 28 to 19 points, after Geneva, though that in fact means nothing.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn a_day_and_its_part_between_subject_and_verb() {
    let r = rows(&run(
        "Port spokesman Dan Fry on Thursday evening said the ferries were not in a crisis.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0.as_deref(), Some("Dan Fry"));
    assert_eq!(r[0].3, "the ferries were not in a crisis");
}

#[test]
fn this_opens_a_clause_unless_a_time_noun_follows() {
    let r = rows(&run(
        "As the crews waited, Dan Fry told reporters this was the only chance to save the route.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "this was the only chance to save the route");
    // "this week" after the cue is an adjunct.
    let r = rows(&run("The ferries will stop, Dan Fry said this week.\n"));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "The ferries will stop");
}

#[test]
fn a_coordinated_reporting_verb_ends_the_content() {
    let r = rows(&run(
        "Ana Lopes said the levy was unfair, but lamented that the crews had to pay it.\n",
    ));
    assert!(
        r.iter()
            .any(|x| x.2 == "said" && x.3 == "the levy was unfair"),
        "{r:?}"
    );
    let r = rows(&run(
        "Ana Lopes said the mayor was wrong about the ferries and criticized him for the delay.\n",
    ));
    assert!(
        r.iter()
            .any(|x| x.2 == "said" && x.3 == "the mayor was wrong about the ferries"),
        "{r:?}"
    );
}

#[test]
fn secretary_of_state_is_a_title() {
    let r = rows(&run(
        "Former Secretary of State Ana Lopes said the ferries would keep running.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Ana Lopes");
}

#[test]
fn an_infinitive_after_an_adverb_is_no_cue() {
    let r = rows(&run(
        "Children are taught at a young age to never question this and that belief lasts for years.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn a_fronted_participial_phrase_is_stepped_over() {
    let r = rows(&run(
        "Waving a copy of the report, the port manager rejected the plan, saying the levy would ruin the crews.\n",
    ));
    assert_eq!(mention_of(&r, "saying"), "the port manager");
}

#[test]
fn a_relative_clause_inside_the_content_keeps_its_predicate() {
    let r = rows(&run(
        "Ana Lopes said the new levy, which the crews oppose, would ruin the ferry route.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        r[0].3,
        "the new levy, which the crews oppose, would ruin the ferry route"
    );
    // A relative clause about the whole content is the narrator's.
    let r = rows(&run(
        "Ana Lopes said the levy would ruin the route, which the crews dispute.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "the levy would ruin the route");
}

#[test]
fn the_name_that_opens_the_sentence_speaks_through_appositives() {
    for (text, name) in [
        (
            "Ana Lopes, a ferry captain from Portlow, Maine, attending the Harbour Workers Convention, said the levy was unfair.\n",
            "Ana Lopes",
        ),
        (
            "Dan Fry, 22, of Portlow, Maine, said he had not given up hope.\n",
            "Dan Fry",
        ),
        (
            "Sen. Ana Lopes, facing a hard challenge in Maine, a swing state, said she would welcome the plan.\n",
            "Ana Lopes",
        ),
        (
            "One captain supporting Mr. Fry, Ana Lopes of the Harbour Union in Portlow, said the crews would strike.\n",
            "Ana Lopes",
        ),
    ] {
        let r = rows(&run(text));
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0.as_deref(), Some(name), "{text}");
    }
}

#[test]
fn according_to_names_the_whole_source_phrase() {
    let doc = run(
        "The levy raised $4 million, according to the most recent count of harbour receipts.\n",
    );
    // A candidate even with "most" in the phrase (whether it is kept is the filter's call).
    assert_eq!(super::candidates(&doc).len(), 1);
    let r = rows(&run(
        "The ferries ran late, according to the latest survey of island commuters.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "the latest survey of island commuters");
}

#[test]
fn told_with_only_an_addressee_after_it_reports_what_came_before() {
    let r = rows(&run(
        "The ferries will run all winter, Mayor Dan Fry told a council panel Wednesday.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "The ferries will run all winter");
    // A short clause after the addressee is the content.
    let r = rows(&run("Mayor Dan Fry told reporters he runs the port.\n"));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "he runs the port");
}

#[test]
fn a_quotation_after_a_channel_and_a_colon() {
    let r = rows(&run(
        "The port's chairman, Dan Fry, said in a statement: \"Tonight the crews won.\"\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "Tonight the crews won");
    assert_eq!(r[0].4, StatementKind::Direct);
}

#[test]
fn a_frame_or_a_dateline_before_the_speaker_is_no_content() {
    let r = rows(&run(
        "The board met on Monday.\nIn a press release earlier this month, the ferry board said.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
    let r = rows(&run(
        "The board met on Monday.\nPORTLOW, June 10 (HNS) -- Mayor Ana Lopes told the crowd.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn a_plural_noun_with_a_relative_clause_is_no_cue() {
    let r = rows(&run(
        "The vote went to the island ports, Harbour Belt states that have lost their ferries.\n",
    ));
    assert!(r.is_empty(), "{r:?}");
    // The verb is still a cue (whether the filter keeps it is the model's call).
    let doc = run("The report states that the levy was unfair.\n");
    assert_eq!(super::candidates(&doc).len(), 1);
}

#[test]
fn according_to_inside_an_unfinished_sentence_takes_the_whole_sentence() {
    let r = rows(&run(
        "The port was busy.\nThe new levy, according to port officials, would cost the crews $2 million a year.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        r[0].3,
        "The new levy, according to port officials, would cost the crews $2 million a year"
    );
    // After a finished clause the source's apposition follows, not more content.
    let r = rows(&run(
        "The port was busy.\nSome crews would pay more under the plan, according to an analysis by Ana Lopes, a former port economist.\n",
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].3, "Some crews would pay more under the plan");
}

#[test]
fn the_antecedent_of_a_subject_relative_speaks() {
    let r = rows(&run(
        "Fares were the topic.\nEven those who favor higher fares agree that the change will be slow.\nThe port board which sets the fares admits that the change will be slow.\n",
    ));
    assert!(
        r.iter()
            .any(|x| x.1 == "The port board which sets the fares"),
        "{r:?}"
    );
    assert!(r.iter().all(|x| x.1 != "favor higher fares"), "{r:?}");
    let doc = run("Fares were the topic.\nEven those who favor higher fares agree that the change will be slow.\n");
    assert_eq!(super::candidates(&doc).len(), 1);
    // An object relative keeps its own subject as speaker (see
    // `speaker_inside_a_relative_clause`).
}

#[test]
fn a_dateline_or_a_fronted_phrase_before_the_subject_of_a_coordinated_verb() {
    let r = rows(&run(
        "PORTLOW — Mayor Ana Lopes on Wednesday played down the strike and said it was a short dispute.\n",
    ));
    assert_eq!(mention_of(&r, "said"), "Ana Lopes");
    let r = rows(&run(
        "Beyond the footage, the report cited the crews and said that the levy was unfair.\n",
    ));
    assert_eq!(mention_of(&r, "said"), "the report");
}

#[test]
fn more_sentence_openings_before_a_participle() {
    for (text, mention) in [
        (
            "The mayor left no doubt about the plan, saying that the ferries would run.\n",
            "The mayor",
        ),
        (
            "The retired captain has given no details, saying only that the crews were tired.\n",
            "The retired captain",
        ),
        (
            "Islanders had sued after the board cut the route, saying that the change hurt them.\n",
            "Islanders",
        ),
        (
            "One clerk inside Harbour House tried to play down the strike, saying it was short.\n",
            "One clerk",
        ),
        (
            "And then Ana Lopes went on the attack, saying that the board should resign.\n",
            "Ana Lopes",
        ),
        (
            "“We will not close the port,” the harbour master told reporters on Sunday, saying that the crews were safe.\n",
            "the harbour master",
        ),
    ] {
        let r = rows(&run(text));
        assert_eq!(mention_of(&r, "saying"), mention, "{text}");
    }
}

#[test]
fn subject_before_a_relative_clause_set_off_by_commas() {
    let doc = run("The port authority, which has been criticised for months over the delays, said that the survey had no bearing on the sale.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "The port authority");
    assert_eq!(r[0].3, "the survey had no bearing on the sale");
    // A subject with a modifier after its head.
    let doc = run("Harbour engineers familiar with the survey, who were not authorized to discuss it, said that the cracks were deep.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Harbour engineers");
    assert_eq!(r[0].3, "the cracks were deep");
    // A relative clause with a reporting verb of its own gives no subject across it.
    let doc = run("The port authority, which said in May that the pier was safe, now admits that it is not.\n");
    assert!(
        rows(&doc)
            .iter()
            .all(|r| r.1 != "The port authority" || r.2 != "admits"),
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn inverted_speaker_with_a_relative_clause() {
    let doc = run("“In recent months, we have seen a growing number of cracks,” said a harbour official who was not authorized to speak publicly.\n");
    let r = rows(&doc);
    assert!(
        r.iter().any(|r| r.1 == "a harbour official"
            && r.3 == "In recent months, we have seen a growing number of cracks"),
        "{r:?}"
    );
}

#[test]
fn a_request_for_anonymity_is_no_statement() {
    let doc = run("“The quay is older than the town,” said an engineer who asked not to be named.\n\nThe engineer, who asked not to be identified, said the quay was old.\n");
    let r = rows(&doc);
    assert!(r.iter().all(|r| r.2 != "asked"), "{r:?}");
    assert!(
        r.iter()
            .any(|r| r.1 == "The engineer" && r.3 == "the quay was old"),
        "{r:?}"
    );
    // A request with its own object still reports what was asked.
    let doc = run("The mayor asked the board to close the northern pier for a year.\n");
    assert_eq!(super::candidates(&doc).len(), 1);
}

#[test]
fn quotation_closing_with_a_quotation_inside_it() {
    let doc = run("“She is the only one who asked us, ‘What help do you need?’” Weaver said.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Weaver");
    assert!(
        r[0].3.starts_with("She is the only one who asked us"),
        "{r:?}"
    );
}

#[test]
fn quotation_closed_by_a_stop_before_its_cue() {
    // The stop outside the closing mark, then the speaker and cue alone.
    let doc = run("“I hope you can find the missing plans”. Weaver said.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Weaver");
    assert_eq!(r[0].3, "I hope you can find the missing plans");
    // A cue with a complement of its own keeps it: the quotation before is another's.
    let doc = run("Dana wrote “fake.” She had accused the paper of lying about the port.\n");
    let r = rows(&doc);
    assert!(
        r.iter()
            .any(|r| r.2 == "had accused" && r.3.starts_with("the paper of lying")),
        "{r:?}"
    );
}

#[test]
fn quantifiers_that_stand_for_people_speak() {
    for (text, mention) in [
        ("Another warned that the cranes were unsafe.\n", "Another"),
        ("Many said that the cranes were unsafe.\n", "Many"),
        ("Yet another said, “The cranes are unsafe.”\n", "another"),
    ] {
        assert_eq!(only_row(text).1, mention, "{text}");
    }
    // Not the object of a verb or preposition.
    let doc = run("The crews told many that the cranes were unsafe.\n");
    assert!(rows(&doc).iter().all(|r| r.1 != "many"), "{:?}", rows(&doc));
}

#[test]
fn a_participle_after_the_cue_opens_its_own_clause() {
    let doc = run("“I believe the harbour can be saved,” the governor said, before clarifying that he had not read the survey.\n");
    let r = rows(&doc);
    assert!(
        r.iter().any(|r| r.1 == "the governor"
            && r.2 == "said"
            && r.3 == "I believe the harbour can be saved"),
        "{r:?}"
    );
    assert!(
        r.iter().all(|r| r.2 != "said" || !r.3.contains("survey")),
        "{r:?}"
    );
}

#[test]
fn any_speech_verb_in_a_quotation_tag() {
    let doc = run("“If the tide had been higher, the whole quay would have gone,” he joked.\n");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].2, "joked");
    assert_eq!(
        r[0].3,
        "If the tide had been higher, the whole quay would have gone"
    );
    // A verb of no speech in the same place reports nothing.
    let doc = run("“If the tide had been higher, the whole quay would have gone,” he smiled.\n");
    assert!(rows(&doc).is_empty(), "{:?}", rows(&doc));
}

#[test]
fn time_phrase_then_a_clause_without_that() {
    for (text, content) in [
        (
            "The mayor said on Tuesday the bridge would reopen in spring.\n",
            "the bridge would reopen in spring",
        ),
        (
            "The mayor said last week the bridge would reopen in spring.\n",
            "the bridge would reopen in spring",
        ),
        (
            "Several outlets reported on Wednesday the harbour board had met twice.\n",
            "the harbour board had met twice",
        ),
        (
            "The mayor told reporters on Tuesday night he would resign.\n",
            "he would resign",
        ),
    ] {
        assert_eq!(only_row(text).3, content, "{text}");
    }
    // A time phrase and nothing more reports nothing.
    let doc = run("The mayor spoke on Tuesday.\n");
    assert!(rows(&doc).is_empty(), "{:?}", rows(&doc));
}

#[test]
fn name_with_an_adjunct_between_commas_speaks() {
    for text in [
        "For now, Pantucci, at the Royal Harbour Institute, said the two ports have reached a truce.\n",
        "Harbour front-runner Dana Fry, also campaigning in Dover, said the mayor is responsible for the delays.\n",
    ] {
        let r = rows(&run(text));
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        assert!(r[0].1 == "Pantucci" || r[0].1 == "Dana Fry", "{text}: {r:?}");
        assert!(
            r[0].3.starts_with("the two ports") || r[0].3.starts_with("the mayor"),
            "{text}: {r:?}"
        );
    }
}

#[test]
fn a_question_put_to_someone_is_reported() {
    // The passive and the participle: the question is the content; the asker after
    // "by" speaks, else nobody.
    let doc = run("In an interview last week, the mayor was asked what he thought the board could do to win back the crews.\n");
    let c: Vec<String> = super::candidates(&doc)
        .iter()
        .map(|(sp, _)| doc.slice(*sp).to_string())
        .collect();
    assert!(
        c.iter()
            .any(|x| x == "what he thought the board could do to win back the crews"),
        "{c:?}"
    );
    let doc = run("Asked at a briefing in Dover about the pier's future role, the spokesman said the board would decide.\n");
    let c: Vec<String> = super::candidates(&doc)
        .iter()
        .map(|(sp, _)| doc.slice(*sp).to_string())
        .collect();
    assert!(c.iter().any(|x| x == "the pier's future role"), "{c:?}");
    assert!(c.iter().any(|x| x == "the board would decide"), "{c:?}");
    let doc = run("Asked by Thrush whether the board knew, Fry avoided a clear answer.\n");
    let r = rows(&doc);
    assert!(
        r.iter()
            .any(|r| r.1 == "Thrush" && r.2 == "Asked" && r.3 == "whether the board knew"),
        "{r:?}"
    );
    // An active "asked" with its object is left to the other rules.
    let doc = run("The mayor asked the board to close the northern pier.\n");
    assert_eq!(rows(&doc).len(), 1, "{:?}", rows(&doc));
    assert_eq!(rows(&doc)[0].1, "The mayor");
}

#[test]
fn called_with_a_long_object_and_a_coordinated_said() {
    let doc = run("Bolton called the board's neglect of the engineers' advice “disrespectful to the crews.”\n");
    let r = rows(&doc);
    assert!(
        r.iter().any(|r| r.2 == "called"
            && r.3
                .starts_with("the board's neglect of the engineers' advice")),
        "{r:?}"
    );
    // "… and said the …" opens a statement of its own and ends the one before.
    let doc = run(
        "Fry called both the mayor and the governor “reckless” and said the port would close.\n",
    );
    let r = rows(&doc);
    assert!(
        r.iter()
            .any(|r| r.2 == "called" && r.3 == "both the mayor and the governor “reckless”"),
        "{r:?}"
    );
    assert!(
        r.iter()
            .any(|r| r.2 == "said" && r.3 == "the port would close"),
        "{r:?}"
    );
}

#[test]
fn a_share_of_people_speaks() {
    for (text, mention) in [
        ("On the port, 47% say the board should sell it.\n", "47%"),
        (
            "Just over a quarter, 26 percent, say they will vote for someone else.\n",
            "26 percent",
        ),
        (
            "A third of the crews, 33%, say they feel that way.\n",
            "33%",
        ),
    ] {
        assert_eq!(only_row(text).1, mention, "{text}");
    }
}

#[test]
fn a_named_owner_before_the_name_and_a_noun_with_its_own_that() {
    let r = only_row("The board met again. “We focus on the growth in wages,” Harbour Action Forum’s Dana Fry said.\n");
    assert_eq!(r.1, "Dana Fry");
    assert_eq!(r.3, "We focus on the growth in wages");
    // "the announcement that …" is the noun's clause: the quotation stays the content.
    let doc = run("The board met again. “I don’t think it’s going well for him,” he said, just prior to the mayor’s announcement Friday that he would resign.\n");
    let r = rows(&doc);
    assert!(
        r.iter()
            .any(|r| r.2 == "said" && r.3 == "I don’t think it’s going well for him"),
        "{r:?}"
    );
}

#[test]
fn a_commitment_reports_its_infinitive() {
    let r = only_row("The mayor promised to take bold action should the port close.\n");
    assert_eq!(r.2, "promised");
    assert_eq!(r.3, "to take bold action should the port close");
    let r = only_row(
        "But the harbour chief has vowed to soldier on and win as many votes as possible.\n",
    );
    assert_eq!(r.3, "to soldier on and win as many votes as possible");
    // "promised to the voters": a preposition, no commitment.
    let doc = run("The mayor promised to the voters.\n");
    assert!(rows(&doc).is_empty(), "{:?}", rows(&doc));
}

#[test]
fn an_adverb_before_the_verb_is_stepped_over() {
    // "together" is no speaker: the phrase before it is.
    let r = only_row("The two mayors together vowed to cut the fees by half before the summer.\n");
    assert_eq!(r.1, "two mayors");
    assert_eq!(r.2, "vowed");
}
