//! The page's components in headless Chromium (wasm-bindgen-test): mount the app, act as a
//! user does through the DOM (file input, drop, paste, clicks), and check what it shows.

#![cfg(target_arch = "wasm32")]

#[path = "support/generator.rs"]
mod generator;

use edge_failover_planner::ui::App;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    DataTransfer, Document, DragEvent, DragEventInit, Element, Event, EventInit, File, HtmlButtonElement, HtmlElement,
    HtmlInputElement, HtmlTextAreaElement,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a fresh app in its own container; the handle is leaked so it stays mounted for the
/// test, and the container is removed by the next mount. The plans an earlier test left in
/// this browser's storage are forgotten first: each topology's plan would come back.
fn mount() -> Element {
    if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
        storage.clear().unwrap();
    }
    let doc = document();
    if let Some(old) = doc.get_element_by_id("test-root") {
        old.remove();
    }
    let root = doc.create_element("div").unwrap();
    root.set_id("test-root");
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), App);
    handle.forget();
    root
}

async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Waits until `cond` holds, for up to about ten seconds.
async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..5000 {
        if cond() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting for {what}");
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn buttons(root: &Element, name: &str) -> Vec<HtmlButtonElement> {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<HtmlButtonElement>())
        .filter(|b| b.text_content().unwrap_or_default().trim() == name)
        .collect()
}

fn file(name: &str, bytes: &[u8]) -> File {
    let parts = Array::of1(&Uint8Array::from(bytes));
    File::new_with_u8_array_sequence(&parts, name).unwrap()
}

fn pick(root: &Element, f: &File) {
    pick_into(root, "#topology-file", f);
}

fn pick_into(root: &Element, selector: &str, f: &File) {
    let input: HtmlInputElement = root.query_selector(selector).unwrap().unwrap().unchecked_into();
    let dt = DataTransfer::new().unwrap();
    dt.items().add_with_file(f).unwrap();
    input.set_files(dt.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

const SAMPLE: &str = include_str!("../src/sample.xml");

#[wasm_bindgen_test]
async fn opens_on_the_sample_with_its_federation_pools() {
    let root = mount();
    until("the sample", || {
        text(&root, "#sip-federation-pool").contains("edgepool-amsterdam")
    })
    .await;
    assert_eq!(text(&root, "#sip-federation-pool"), "edgepool-amsterdam.fabrikam.com");
    assert_eq!(text(&root, "#xmpp-federation-pool"), "edgepool-amsterdam.fabrikam.com");
    let badges = root.query_selector_all(".badge").unwrap();
    assert_eq!(badges.length(), 2, "one SIP and one XMPP badge");
    assert!(text(&root, "#loaded-name").contains("built-in sample"));
    assert!(text(&root, "#route-description").contains("sip-amsterdam.fabrikam.com"));
    assert_eq!(buttons(&root, "Mark as failed").len(), 2);
    let label = root.query_selector("label.file-pick span").unwrap().unwrap();
    assert_eq!(label.text_content().unwrap(), "Topology export");
}

#[wasm_bindgen_test]
async fn marking_a_pool_failed_plans_the_failover() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    buttons(&root, "Mark as failed")[0].click();
    until("the plan", || root.query_selector("#diff-summary").unwrap().is_some()).await;
    let survivor: HtmlInputElement = root
        .query_selector("input[name=survivor]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(survivor.checked(), "the only eligible pool is chosen");
    assert_eq!(survivor.value(), "edgepool-boston.fabrikam.com");
    assert!(text(&root, ".rejected").contains("it is the failed pool"));
    let download = buttons(&root, "Download modified topology");
    assert_eq!(download.len(), 1);
    assert!(!download[0].disabled());
    assert_eq!(buttons(&root, "Download failover runbook").len(), 1);
    assert_eq!(
        buttons(&root, "Download failback runbook").len(),
        1,
        "the failback is a download of its own"
    );
    assert!(text(&root, ".diff").contains("SipServer"));
    assert!(text(&root, "#checklist-heading").contains("checklist"));
    assert!(text(&root, ".checklist").contains("Run Again"));
    // Unticking XMPP takes the XMPP steps out of the checklist.
    let xmpp: HtmlInputElement = root.query_selector("#move-xmpp").unwrap().unwrap().unchecked_into();
    assert!(xmpp.checked());
    xmpp.click();
    until("the plan without XMPP", || {
        !text(&root, ".checklist").contains("_xmpp-server._tcp")
    })
    .await;
    assert!(text(&root, ".checks").contains("XMPP federation stays down"));
    // Clear returns to the start.
    buttons(&root, "Clear")[0].click();
    until("no plan", || root.query_selector("#diff-summary").unwrap().is_none()).await;
}

/// The walkthrough opens on its step; the checklist's summary is one tap away (issue 21,
/// point 6), and holds what it held.
#[wasm_bindgen_test]
async fn the_walkthrough_opens_on_its_step_with_the_checklists_summary_a_tap_away() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark site as failed").is_empty()).await;
    buttons(&root, "Mark site as failed")[0].click();
    until("the plan", || root.query_selector("#diff-summary").unwrap().is_some()).await;
    buttons(&root, "Start walkthrough")[0].click();
    until("the walkthrough", || {
        root.query_selector(".wt-summary").unwrap().is_some()
    })
    .await;
    let summary: HtmlElement = root.query_selector(".wt-summary").unwrap().unwrap().unchecked_into();
    assert!(!summary.has_attribute("open"), "closed: the step comes first");
    let said = summary.text_content().unwrap_or_default();
    for words in [
        "Decide first:",
        "Central Management Server",
        "Expected outages:",
        "First action: Step 1: ",
    ] {
        assert!(said.contains(words), "{words} in {said}");
    }
    let first = text(&root, "#wt-title");
    assert!(said.contains(first.trim_start_matches("1. ")), "{first} in {said}");
}

#[wasm_bindgen_test]
async fn a_whole_site_can_fail() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark site as failed").is_empty()).await;
    buttons(&root, "Mark site as failed")[0].click();
    until("the plan", || root.query_selector("#diff-summary").unwrap().is_some()).await;
    assert!(text(&root, "#failure-description").contains("Failed site: Amsterdam"));
    assert!(text(&root, ".rejected").contains("failed site"));
    // The sample pairs the failed site's pool with no backup pool: the runbook gives no pool
    // or CMS failover command for it, and hands the store's rebuild to the DBA instead.
    let checklist = text(&root, ".checklist");
    assert!(
        !checklist.contains("Invoke-CsPoolFailover"),
        "no backup pool, no pool failover"
    );
    assert!(!checklist.contains("Invoke-CsManagementServerFailover -BackupSqlServerFqdn"));
    assert!(checklist.contains("no backup pool"));
}

#[wasm_bindgen_test]
async fn a_picked_file_replaces_the_sample() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let mut spec = generator::Spec::sized(3, 12);
    spec.domains = vec!["contoso-test.org".into()];
    spec.federation_site = Some(2);
    let xml = generator::generate(&spec);
    pick(&root, &file("three-sites.xml", xml.as_bytes()));
    until("the new topology", || {
        text(&root, "#loaded-name").contains("three-sites.xml")
    })
    .await;
    assert_eq!(
        text(&root, "#sip-federation-pool"),
        "edgepool-capetown.contoso-test.org"
    );
    assert_eq!(buttons(&root, "Mark as failed").len(), 3);
}

#[wasm_bindgen_test]
async fn utf16_files_load_and_keep_their_encoding() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let mut bytes = vec![0xFF, 0xFE];
    for unit in SAMPLE.replace('\n', "\r\n").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    pick(&root, &file("utf16.xml", &bytes));
    until("the UTF-16 file", || text(&root, "#loaded-name").contains("utf16.xml")).await;
    assert!(
        text(&root, "#loaded-name").contains("UTF-16LE with BOM CRLF"),
        "{}",
        text(&root, "#loaded-name")
    );
}

#[wasm_bindgen_test]
async fn a_bad_file_shows_its_error_and_the_page_still_works() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let truncated = &SAMPLE[..SAMPLE.len() / 2];
    pick(&root, &file("broken.xml", truncated.as_bytes()));
    until("the error", || root.query_selector("#load-error").unwrap().is_some()).await;
    let error = text(&root, "#load-error");
    assert!(error.contains("broken.xml could not be loaded"), "{error}");
    assert!(error.contains("cut off"), "{error}");
    assert!(error.contains("line "), "{error}");
    // The previous topology is still there and still plans.
    assert_eq!(text(&root, "#sip-federation-pool"), "edgepool-amsterdam.fabrikam.com");
    buttons(&root, "Mark as failed")[0].click();
    until("the plan", || root.query_selector("#diff-summary").unwrap().is_some()).await;
}

#[wasm_bindgen_test]
async fn hostile_files_are_refused_with_a_reason() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "bomb.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><Topology>&lol;</Topology>".to_vec(),
            "DOCTYPE",
        ),
        ("notes.txt", b"these are my notes".to_vec(), "not XML"),
        (
            "other.xml",
            b"<Configuration><Item/></Configuration>".to_vec(),
            "root element",
        ),
        ("empty.xml", Vec::new(), "empty"),
    ];
    for (name, bytes, expected) in cases {
        pick(&root, &file(name, &bytes));
        until(name, || text(&root, "#load-error").contains(name)).await;
        let error = text(&root, "#load-error");
        assert!(error.contains(expected), "{name}: {error}");
    }
}

#[wasm_bindgen_test]
async fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let big = vec![b' '; 49 * 1024 * 1024];
    pick(&root, &file("huge.xml", &big));
    until("the error", || text(&root, "#load-error").contains("huge.xml")).await;
    assert!(text(&root, "#load-error").contains("49.0 MB"));
}

#[wasm_bindgen_test]
async fn a_large_file_shows_that_it_is_busy() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let xml = generator::generate(&generator::Spec::sized(60, 300));
    pick(&root, &file("large.xml", xml.as_bytes()));
    // While the file is read and checked, the page says what it is doing.
    let mut seen = Vec::new();
    until("the large topology", || {
        seen.push(text(&root, "#load-status"));
        text(&root, "#loaded-name").contains("large.xml")
    })
    .await;
    assert!(
        seen.iter()
            .any(|s| s.contains("Reading large.xml (") || s.contains("Checking large.xml (")),
        "no busy message was shown: {seen:?}"
    );
    assert_eq!(buttons(&root, "Mark as failed").len(), 60);
}

#[wasm_bindgen_test]
async fn dropping_a_file_on_the_page_loads_it() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let xml = generator::generate(&generator::Spec::sized(2, 6).with_format(generator::Format::TopologyBuilder));
    let dt = DataTransfer::new().unwrap();
    dt.items()
        .add_with_file(&file("dropped.tbxml", xml.as_bytes()))
        .unwrap();
    let init = DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let target: HtmlElement = root.query_selector("main").unwrap().unwrap().unchecked_into();
    let event = DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    assert!(
        event.default_prevented(),
        "the browser must not navigate to the dropped file"
    );
    until("the dropped file", || {
        text(&root, "#loaded-name").contains("dropped.tbxml")
    })
    .await;
    assert!(text(&root, "#loaded-name").contains("Topology Builder"));
}

#[wasm_bindgen_test]
async fn pasted_xml_loads() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let area: HtmlTextAreaElement = root.query_selector("#paste-xml").unwrap().unwrap().unchecked_into();
    let mut spec = generator::Spec::sized(2, 6);
    spec.domains = vec!["pasted.example".into()];
    area.set_value(&generator::generate(&spec));
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    tick().await;
    buttons(&root, "Load pasted XML")[0].click();
    until("the pasted topology", || {
        text(&root, "#loaded-name").contains("pasted-topology.xml")
    })
    .await;
    assert!(text(&root, "#sip-federation-pool").contains("pasted.example"));
}

#[wasm_bindgen_test]
async fn names_from_the_file_are_text_not_markup() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let hostile = SAMPLE.replace(
        "edgepool-boston.fabrikam.com",
        "edgepool-boston&lt;img src=x onerror=alert(1)&gt;.fabrikam.com",
    );
    pick(&root, &file("hostile.xml", hostile.as_bytes()));
    until("the hostile file", || {
        text(&root, "#loaded-name").contains("hostile.xml")
    })
    .await;
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "no element was made from a name"
    );
    assert!(text(&root, ".edges").contains("<img src=x onerror=alert(1)>"));
    buttons(&root, "Mark as failed")[0].click();
    until("the plan", || root.query_selector(".checklist").unwrap().is_some()).await;
    assert!(root.query_selector("img").unwrap().is_none());
}

/// A check of the published topology is drawn from data by the page (issue 23: the session
/// keeps no markup); names from either file stay text.
#[wasm_bindgen_test]
async fn names_in_a_published_check_are_text_not_markup() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    buttons(&root, "Mark as failed")[0].click();
    until("the plan", || root.query_selector("#diff-summary").unwrap().is_some()).await;
    let hostile = SAMPLE.replace("edgepool-boston", "edgepool-&lt;b&gt;&amp;");
    pick_into(
        &root,
        "#published-file",
        &file("<img src=x onerror=alert(1)>.xml", hostile.as_bytes()),
    );
    until("the check", || {
        root.query_selector("#published-result").unwrap().is_some()
    })
    .await;
    let result = root.query_selector("#published-result").unwrap().unwrap();
    assert!(
        result.query_selector("img, b").unwrap().is_none(),
        "no element was made from a name"
    );
    let said = result.text_content().unwrap_or_default();
    assert!(
        said.contains("(<img src=x onerror=alert(1)>.xml, checked at "),
        "{said}"
    );
    assert!(said.contains("edgepool-<b>&.fabrikam.com"), "{said}");
    assert!(result.class_list().contains("differs"), "{}", result.class_name());
}

/// What the page shows after a load: the error for a refused file, and whether it still plans.
async fn still_plans(root: &Element, after: &str) {
    let mark = buttons(root, "Mark as failed");
    assert!(!mark.is_empty(), "after {after}: no Edge pool to mark");
    mark[0].click();
    until(&format!("a plan after {after}"), || {
        root.query_selector(".checklist").unwrap().is_some()
    })
    .await;
    // Cleared, not replaced: the sample loaded again would bring its plan back.
    buttons(root, "Clear")[0].click();
    until("no plan again", || root.query_selector(".checklist").unwrap().is_none()).await;
}

#[wasm_bindgen_test]
async fn every_hostile_or_broken_file_is_refused_by_name_and_the_page_keeps_working() {
    let root = mount();
    until("the sample", || !buttons(&root, "Mark as failed").is_empty()).await;
    let deep = format!(
        "<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">{}",
        "<a>".repeat(10_000)
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([0u8; 64]);
    let mut odd_utf16 = vec![0xFF, 0xFE];
    odd_utf16.extend("<Topology/>".encode_utf16().flat_map(|u| u.to_le_bytes()));
    odd_utf16.push(b'<');
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("notes.txt", b"these are my notes".to_vec(), "not XML"),
        ("picture.png", png, "binary"),
        ("empty.xml", Vec::new(), "empty"),
        ("archive.zip", b"PK\x03\x04\x14\0\0\0".to_vec(), "ZIP archive"),
        ("half.xml", SAMPLE.as_bytes()[..SAMPLE.len() / 2].to_vec(), "cut off"),
        ("other.xml", b"<Configuration><Item/></Configuration>".to_vec(), "root element"),
        (
            "namespace.xml",
            b"<Topology xmlns=\"urn:example:not-lync\"><Sites/></Topology>".to_vec(),
            "namespace",
        ),
        (
            "bomb.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Topology>&lol2;</Topology>".to_vec(),
            "DOCTYPE",
        ),
        (
            "external.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Topology>&x;</Topology>".to_vec(),
            "DOCTYPE",
        ),
        ("deep.xml", deep.into_bytes(), "nested more than"),
        ("odd-utf16.xml", odd_utf16, "UTF-16"),
        // Found by fuzzing: it made the reader panic, which in the page ends the WebAssembly.
        (
            "two-boms.xml",
            format!("\u{feff}\u{feff}{SAMPLE}").into_bytes(),
            "second byte order mark",
        ),
    ];
    for (name, bytes, expected) in cases {
        pick(&root, &file(name, &bytes));
        until(name, || text(&root, "#load-error").contains(name)).await;
        let error = text(&root, "#load-error");
        assert!(error.contains(expected), "{name}: {error}");
        // The topology shown before stays, whole, and still plans.
        assert!(
            error.contains("Still showing fabrikam-sample-topology.xml"),
            "{name}: {error}"
        );
        assert!(
            text(&root, ".edges").contains("edgepool-amsterdam.fabrikam.com"),
            "{name}"
        );
        still_plans(&root, name).await;
    }

    // Files that load but cannot be planned as they are: the page says why, in words.
    let mut no_edge = generator::Spec::sized(1, 3);
    no_edge.sites[0].edge_servers = 0;
    no_edge.federation_site = None;
    no_edge.xmpp_site = None;
    pick(&root, &file("no-edge.xml", generator::generate(&no_edge).as_bytes()));
    until("no-edge.xml", || text(&root, "#loaded-name").contains("no-edge.xml")).await;
    assert!(text(&root, ".findings").contains("no Edge pool"));
    assert!(buttons(&root, "Mark as failed").is_empty());
    buttons(&root, "Use the built-in sample")[0].click();
    until("the sample", || text(&root, "#loaded-name").contains("fabrikam-sample")).await;

    let federation_port = r#"<Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="External" InterfaceNumber="1" Port="5061" Protocol="Mtls" UrlPath="/" AuthorizesRequests="false" ConfiguredFqdn="sip-boston.fabrikam.com" />"#;
    let boston_client = r#"ConfiguredFqdn="sip-boston.fabrikam.com" />"#;
    let two = SAMPLE.replacen(boston_client, &format!("{boston_client}\n        {federation_port}"), 1);
    pick(&root, &file("two-federation.xml", two.as_bytes()));
    until("two-federation.xml", || {
        text(&root, "#loaded-name").contains("two-federation.xml")
    })
    .await;
    let findings = text(&root, ".findings");
    assert!(
        findings.contains("edgepool-amsterdam.fabrikam.com") && findings.contains("edgepool-boston.fabrikam.com"),
        "{findings}"
    );
    still_plans(&root, "two-federation.xml").await;

    let dangling = SAMPLE.replacen(
        r#"<ServiceId SiteId="2" RoleName="EdgeServer" Instance="1" />"#,
        r#"<ServiceId SiteId="2" RoleName="EdgeServer" Instance="9" />"#,
        1,
    );
    pick(&root, &file("dangling.xml", dangling.as_bytes()));
    until("dangling.xml", || text(&root, "#loaded-name").contains("dangling.xml")).await;
    let findings = text(&root, ".findings");
    assert!(
        findings.contains("line "),
        "a dangling reference names its place: {findings}"
    );
    buttons(&root, "Use the built-in sample")[0].click();
    until("the sample", || text(&root, "#loaded-name").contains("fabrikam-sample")).await;
    still_plans(&root, "the hostile files").await;
}
