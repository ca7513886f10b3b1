//! What the emulator is asked to do to the next matching request (`POST /_emulator/faults`): lose a change's
//! answer after applying it or before, fail a read, or refuse a request as the API refuses input; and the
//! whole request log, reads included.
use serde_json::{Value, json};

use super::Harness;

impl Harness {
    fn script_fault(&self, body: &Value) {
        let url = format!("{}/_emulator/faults", self.emulator.base_url());
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let status = self.block_on(async { client.post(url).json(body).send().await.unwrap().status() });
        assert_eq!(status.as_u16(), 204, "the emulator took the fault {body}");
    }

    /// The next `method path` is applied, then answered 500: the console never learns what became of it.
    pub fn lose_after(&self, method: &str, path: &str) {
        self.script_fault(&json!({"fate": "fail-after", "status": 500, "method": method, "path": path}));
    }

    /// The next `method path` is answered 500 before anything is done: its answer is lost too.
    pub fn lose_before(&self, method: &str, path: &str) {
        self.script_fault(&json!({"fate": "fail-before", "status": 500, "method": method, "path": path}));
    }

    /// Deletes the selected item (the tree's node, or the focused row) with `name` typed, its answer lost
    /// after it was done (`made`) or before; checks it was sent once, never again. Gives the status line.
    pub fn lose_a_delete(&mut self, path: &str, name: &str, made: bool) -> String {
        if made {
            self.lose_after("DELETE", path);
        } else {
            self.lose_before("DELETE", path);
        }
        self.keys("d");
        self.keys(name);
        self.press(crossterm::event::KeyCode::Enter);
        assert_eq!(self.writes(), [format!("DELETE {path}")], "sent once, never again");
        self.toast()
    }

    /// The next `times` reads of `path` answer 503 (a read is tried again, up to 8 times in all).
    pub fn fail_reads(&self, path: &str, times: usize) {
        for _ in 0..times {
            self.script_fault(&json!({"fate": "fail-before", "status": 503, "method": "GET", "path": path}));
        }
    }

    /// The next `method path` is refused with `status`, `message` and `hint`, as the API refuses input.
    pub fn refuse(&self, method: &str, path: &str, status: u16, message: &str, hint: Option<&str>) {
        let mut body = json!({"fate": "fail-before", "status": status, "method": method, "path": path,
                              "message": message});
        if let Some(hint) = hint {
            body["hint"] = json!(hint);
        }
        self.script_fault(&body);
    }

    /// Every request the emulator received (`GET /v1/…`, `POST /v1/…`), in order.
    pub fn requests(&self) -> Vec<String> {
        let url = format!("{}/_emulator/requests", self.emulator.base_url());
        let log: Value = self.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() });
        let requests = log["data"].as_array().unwrap();
        let line =
            |request: &Value| format!("{} {}", request["method"].as_str().unwrap(), request["path"].as_str().unwrap());
        requests.iter().map(line).collect()
    }

    /// The requests received after the first `request` (which must have come).
    pub fn requests_after(&self, request: &str) -> Vec<String> {
        let log = self.requests();
        let at = log.iter().position(|line| line == request).unwrap_or_else(|| panic!("no {request} in {log:?}"));
        log[at + 1..].to_vec()
    }

    /// Empties the emulator's request log (`DELETE /_emulator/requests`), so that it stays short.
    pub fn forget_requests(&self) {
        let url = format!("{}/_emulator/requests", self.emulator.base_url());
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let status = self.block_on(async { client.delete(url).send().await.unwrap().status() });
        assert_eq!(status.as_u16(), 204);
    }
}
