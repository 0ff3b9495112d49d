//! The gender a text gives a person, so that "he" and "she" find the right antecedent.
//!
//! Evidence comes from titles and role words stated in the text ("Mrs.", "Congresswoman",
//! "his brother"), from given names that are nearly always one gender's
//! (`data/entities/given_name_genders.txt`) and from the gendered endings of East Slavic
//! surnames ("Zakharova", "Lavrov"). Conflicting evidence gives no gender, and so does
//! none: an unknown gender matches either pronoun.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A person's gender as the text's pronouns would show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    /// "she", "her".
    Female,
    /// "he", "him".
    Male,
}

fn given_names() -> &'static HashMap<String, Gender> {
    static NAMES: OnceLock<HashMap<String, Gender>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("../data/entities/given_name_genders.txt").lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut words = line.split_whitespace();
            let gender = match words.next() {
                Some("F") => Gender::Female,
                Some("M") => Gender::Male,
                _ => continue,
            };
            for w in words {
                map.insert(w.to_lowercase(), gender);
            }
        }
        map
    })
}

/// The gender of a given name, when nearly everyone who bears it has one.
pub(crate) fn of_given_name(w: &str) -> Option<Gender> {
    given_names().get(&w.to_lowercase()).copied()
}

/// The gender of a pronoun ("he", "She", "his").
pub(crate) fn of_pronoun(w: &str) -> Option<Gender> {
    match w.to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a title or role word states ("Mrs.", "Congresswoman", "widow").
pub(crate) fn of_title(w: &str) -> Option<Gender> {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    // The verb "miss" is no title.
    if w == "miss" {
        return None;
    }
    let lower = w.to_lowercase();
    match lower.trim_end_matches('.') {
        "mrs" | "ms" | "miss" | "madam" | "madame" | "mme" | "lady" | "dame" | "queen"
        | "princess" | "duchess" | "countess" | "baroness" | "empress" | "congresswoman"
        | "spokeswoman" | "chairwoman" | "businesswoman" | "councilwoman" | "assemblywoman"
        | "stateswoman" | "sportswoman" | "actress" | "waitress" | "heiress" | "wife"
        | "mother" | "daughter" | "sister" | "widow" | "grandmother" | "granddaughter" | "aunt"
        | "niece" | "girlfriend" | "woman" | "girl" | "nun" => Some(Gender::Female),
        "mr" | "sir" | "lord" | "king" | "prince" | "duke" | "count" | "baron" | "emperor"
        | "congressman" | "spokesman" | "chairman" | "businessman" | "councilman"
        | "assemblyman" | "statesman" | "sportsman" | "actor" | "husband" | "father" | "son"
        | "brother" | "widower" | "grandfather" | "grandson" | "uncle" | "nephew" | "boyfriend"
        | "man" | "boy" | "pope" | "cardinal" | "archbishop" | "monk" => Some(Gender::Male),
        _ => None,
    }
}

/// The gender East Slavic surnames mark in their ending ("Zakharova", "Lavrov").
fn of_surname(w: &str) -> Option<Gender> {
    if w.chars().count() < 5 || !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    const FEMALE: [&str; 4] = ["ova", "eva", "skaya", "tskaya"];
    const MALE: [&str; 6] = ["ov", "ev", "sky", "skiy", "skyi", "vich"];
    if FEMALE.iter().any(|e| w.ends_with(e)) {
        Some(Gender::Female)
    } else if MALE.iter().any(|e| w.ends_with(e)) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The gender of a person named `name` with the stated `roles`, or `None` when the
/// evidence is missing or conflicts.
pub(crate) fn of_person<'a>(
    name: &str,
    roles: impl IntoIterator<Item = &'a str>,
) -> Option<Gender> {
    let (mut female, mut male) = (false, false);
    let mut note = |g: Option<Gender>| match g {
        Some(Gender::Female) => female = true,
        Some(Gender::Male) => male = true,
        None => {}
    };
    for role in roles {
        let lower = role.to_lowercase();
        if lower.contains("first lady") {
            note(Some(Gender::Female));
        }
        for w in role.split_whitespace() {
            note(of_title(w));
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if let [first, .., last] = words.as_slice() {
        let given = of_given_name(first);
        note(given);
        if given.is_none() {
            note(of_surname(last));
        }
    } else if let [only] = words.as_slice() {
        note(of_surname(only));
    }
    match (female, male) {
        (true, false) => Some(Gender::Female),
        (false, true) => Some(Gender::Male),
        _ => None,
    }
}

/// True when a person of gender `person` can be the antecedent of a pronoun of gender
/// `pronoun` (an unknown gender on either side matches).
pub(crate) fn agrees(person: Option<Gender>, pronoun: Option<Gender>) -> bool {
    match (person, pronoun) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_titles_and_surnames_give_a_gender() {
        assert_eq!(of_person("Hillary Clinton", []), Some(Gender::Female));
        assert_eq!(of_person("Donald Trump", []), Some(Gender::Male));
        assert_eq!(of_person("Acosta", ["Ms."]), Some(Gender::Female));
        assert_eq!(of_person("Maria Zakharova", []), Some(Gender::Female));
        assert_eq!(of_person("Zakharova", []), Some(Gender::Female));
        assert_eq!(
            of_person("Sergey Lavrov", ["Foreign Minister"]),
            Some(Gender::Male)
        );
        assert_eq!(
            of_person("Mira Lenz", ["Congresswoman"]),
            Some(Gender::Female)
        );
        // No evidence, or evidence both ways, gives none.
        assert_eq!(of_person("Jordan Lenz", []), None);
        assert_eq!(of_person("Hillary Orsova", ["Mr."]), None);
        assert_eq!(of_person("", []), None);
        assert_eq!(of_title("Miss"), Some(Gender::Female));
        assert_eq!(of_title("miss"), None);
    }

    #[test]
    fn pronouns_agree_with_known_genders_only() {
        let she = of_pronoun("She");
        assert_eq!(she, Some(Gender::Female));
        assert!(agrees(Some(Gender::Female), she));
        assert!(!agrees(Some(Gender::Male), she));
        assert!(agrees(None, she));
        assert!(agrees(Some(Gender::Male), of_pronoun("they")));
    }
}
