//! Checks for `interactive` messages: reply buttons, lists, cta_url, flows and products.

use std::collections::HashSet;

use serde_json::Value;

use super::{Checked, Problem, array, at, object, optional_text, text, violation};
use crate::whatsapp::limits::*;

const BASE: &str = "interactive";
const ACTION: &str = "interactive['action']";
const PARAMETERS: &str = "interactive['action']['parameters']";

pub(super) fn check_interactive(i: &Value) -> Checked {
    let kind = text(i, BASE, "type", 64)?;
    check_frame(i, kind)?;
    let action = object(i, BASE, "action")?;
    match kind {
        "button" => check_buttons(action),
        "list" => check_list(action),
        "cta_url" => check_cta_url(action),
        "flow" => {
            let p = object(action, ACTION, "parameters")?;
            text(p, PARAMETERS, "flow_cta", CTA_TEXT).map(|_| ())
        }
        "product_list" => check_product_list(action),
        "product" => text(action, ACTION, "product_retailer_id", 512).map(|_| ()),
        "location_request_message" => check_location_request(i, action),
        "catalog_message" | "address_message" => Ok(()),
        other => Err(violation(
            "interactive['type']",
            Problem::Invalid(other.to_string()),
        )),
    }
}

/// header / body / footer, common to all interactive kinds.
fn check_frame(i: &Value, kind: &str) -> Checked {
    let body_max = if kind == "list" {
        LIST_BODY
    } else {
        BUTTON_BODY
    };
    // a single-product message is the only kind where the body is optional
    if kind != "product" || i.get("body").is_some() {
        text(
            object(i, BASE, "body")?,
            "interactive['body']",
            "text",
            body_max,
        )?;
    }
    if let Some(footer) = i.get("footer") {
        text(footer, "interactive['footer']", "text", FOOTER_TEXT)?;
    }
    if let Some(h) = i.get("header") {
        if text(h, "interactive['header']", "type", 16)? == "text" {
            text(h, "interactive['header']", "text", HEADER_TEXT)?;
        }
    } else if kind == "product_list" {
        return Err(violation("interactive['header']", Problem::Missing));
    }
    Ok(())
}

/// `action: {name: "send_location"}` and nothing else; no header (Meta's
/// location request has a body and its own button only).
fn check_location_request(i: &Value, action: &Value) -> Checked {
    if action.get("name").and_then(Value::as_str) != Some("send_location") {
        return Err(violation(
            &at(ACTION, "name"),
            Problem::Invalid("must be send_location".into()),
        ));
    }
    if let Some(extra) = action
        .as_object()
        .and_then(|a| a.keys().find(|k| *k != "name"))
    {
        return Err(violation(
            &at(ACTION, extra),
            Problem::Invalid("not part of a location request".into()),
        ));
    }
    if i.get("header").is_some() {
        return Err(violation(
            "interactive['header']",
            Problem::Invalid("a location request has no header".into()),
        ));
    }
    Ok(())
}

/// `action: {name: "cta_url", parameters: {display_text ≤ 20, url}}`: the url an
/// absolute http(s) address without spaces (Meta opens it in the customer's browser).
fn check_cta_url(action: &Value) -> Checked {
    if action.get("name").and_then(Value::as_str) != Some("cta_url") {
        return Err(violation(
            &at(ACTION, "name"),
            Problem::Invalid("must be cta_url".into()),
        ));
    }
    let p = object(action, ACTION, "parameters")?;
    text(p, PARAMETERS, "display_text", CTA_TEXT)?;
    let url = text(p, PARAMETERS, "url", 2048)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.contains(['{', '}'])
    });
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(violation(
            &at(PARAMETERS, "url"),
            Problem::Invalid("not an absolute http(s) URL".into()),
        ));
    }
    Ok(())
}

fn check_buttons(action: &Value) -> Checked {
    let buttons = array(action, ACTION, "buttons", MAX_BUTTONS)?;
    let mut titles = HashSet::new();
    let mut ids = HashSet::new();
    for (n, b) in buttons.iter().enumerate() {
        let base = format!("{ACTION}['buttons'][{n}]");
        if b.get("type").and_then(Value::as_str) != Some("reply") {
            return Err(violation(
                &at(&base, "type"),
                Problem::Invalid("must be reply".into()),
            ));
        }
        let reply = object(b, &base, "reply")?;
        let base = at(&base, "reply");
        let id = text(reply, &base, "id", BUTTON_ID)?;
        let title = text(reply, &base, "title", BUTTON_TITLE)?;
        if !titles.insert(title) {
            return Err(violation(&at(&base, "title"), Problem::Duplicate));
        }
        if !ids.insert(id) {
            return Err(violation(&at(&base, "id"), Problem::Duplicate));
        }
    }
    Ok(())
}

fn check_list(action: &Value) -> Checked {
    text(action, ACTION, "button", LIST_BUTTON)?;
    let sections = array(action, ACTION, "sections", MAX_SECTIONS)?;
    let mut rows_total = 0;
    let mut ids = HashSet::new();
    for (s, section) in sections.iter().enumerate() {
        let sbase = format!("{ACTION}['sections'][{s}]");
        // a section title is required once there is more than one section
        if sections.len() > 1 || section.get("title").is_some() {
            text(section, &sbase, "title", SECTION_TITLE)?;
        }
        let rows = array(section, &sbase, "rows", MAX_ROWS)?;
        rows_total += rows.len();
        if rows_total > MAX_ROWS {
            let problem = Problem::TooMany {
                max: MAX_ROWS,
                count: rows_total,
            };
            return Err(violation(&at(&sbase, "rows"), problem));
        }
        for (r, row) in rows.iter().enumerate() {
            let rbase = format!("{sbase}['rows'][{r}]");
            let id = text(row, &rbase, "id", ROW_ID)?;
            text(row, &rbase, "title", ROW_TITLE)?;
            optional_text(row, &rbase, "description", ROW_DESCRIPTION)?;
            if !ids.insert(id) {
                return Err(violation(&at(&rbase, "id"), Problem::Duplicate));
            }
        }
    }
    Ok(())
}

fn check_product_list(action: &Value) -> Checked {
    text(action, ACTION, "catalog_id", 64)?;
    let sections = array(action, ACTION, "sections", MAX_SECTIONS)?;
    let mut products = 0;
    for (s, section) in sections.iter().enumerate() {
        let sbase = format!("{ACTION}['sections'][{s}]");
        text(section, &sbase, "title", SECTION_TITLE)?;
        let items = array(section, &sbase, "product_items", MAX_PRODUCTS)?;
        products += items.len();
        if products > MAX_PRODUCTS {
            let problem = Problem::TooMany {
                max: MAX_PRODUCTS,
                count: products,
            };
            return Err(violation(&at(&sbase, "product_items"), problem));
        }
        for (p, item) in items.iter().enumerate() {
            let pbase = format!("{sbase}['product_items'][{p}]");
            text(item, &pbase, "product_retailer_id", 512)?;
        }
    }
    Ok(())
}
