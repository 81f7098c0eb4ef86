//! Binding `verifies` tags to test functions.

use crate::check;

#[test]
fn rust() {
    check(
        "tests/dose.rs",
        &[
            "// verifies: SRS-1",
            "#[test]",
            "fn dose_is_limited() {}",
            "",
            "/// Checks the rate.",
            "/// verifies: SRS-2",
            "///",
            "#[tokio::test]",
            "#[cfg_attr(",
            "    miri,",
            "    ignore",
            ")]",
            "",
            "async fn rate_is_checked() {}",
            "",
            "#[test] // verifies: SRS-3",
            "pub(crate) fn alarm() {}",
            "",
            "#[test] fn stop() { // verifies: SRS-4",
            "}",
            "",
            "/* verifies: SRS-5",
            "   more text",
            "*/",
            "#[test]",
            "fn block() {}",
            "",
            "// verifies: SRS-6",
            "struct Fixture;",
            "",
            "// verifies: SRS-7",
            "let x = 1;",
            "fn later() {}",
            "",
            "// implements: SRS-8",
            "fn limit() {}",
        ],
        &[
            "1:4 verifies: SRS-1 -> dose_is_limited",
            "6:5 verifies: SRS-2 -> rate_is_checked",
            "16:12 verifies: SRS-3 -> alarm",
            "19:24 verifies: SRS-4 -> stop",
            "22:4 verifies: SRS-5 -> block",
            "28:4 verifies: SRS-6",
            "31:4 verifies: SRS-7",
            "35:4 implements: SRS-8",
        ],
    );
}

#[test]
fn python() {
    check(
        "tests/test_dose.py",
        &[
            "# verifies: SRS-1",
            "def test_limit():",
            "    pass",
            "",
            "# verifies: SRS-2",
            "@pytest.mark.parametrize(",
            "    \"rate\", [1, 2],",
            ")",
            "@pytest.mark.slow",
            "async def test_rate(rate):",
            "    pass",
            "",
            "class TestPump:",
            "    # verifies: SRS-3",
            "    def test_stop(self):",
            "        \"\"\"Stops.",
            "",
            "        verifies: SRS-4",
            "        \"\"\"",
            "",
            "    def test_alarm(self):  # verifies: SRS-5",
            "        '''verifies: SRS-6'''",
            "",
            "def test_signature(",
            "    a,",
            "    b,",
            ") -> None:",
            "    \"\"\"verifies: SRS-7\"\"\"",
            "",
            "def test_one_line(): \"\"\"verifies: SRS-8\"\"\"",
            "",
            "class TestDocs:",
            "    \"\"\"verifies: SRS-9\"\"\"",
        ],
        &[
            "1:3 verifies: SRS-1 -> test_limit",
            "5:3 verifies: SRS-2 -> test_rate",
            "14:7 verifies: SRS-3 -> test_stop",
            "18:9 verifies: SRS-4 -> test_stop",
            "21:30 verifies: SRS-5 -> test_alarm",
            "22:12 verifies: SRS-6 -> test_alarm",
            "28:8 verifies: SRS-7 -> test_signature",
            "30:25 verifies: SRS-8 -> test_one_line",
            "33:8 verifies: SRS-9",
        ],
    );
}

#[test]
fn javascript_and_typescript() {
    let text = [
        "// verifies: SRS-1",
        "describe('pump', () => {",
        "  // verifies: SRS-2",
        "  it('stops at the limit', () => {});",
        "  /** verifies: SRS-3 */",
        "  test(\"rejects \\\"bad\\\" rates\", async () => {});",
        "  it.only(`alarms`, () => {}); // verifies: SRS-4",
        "  test.skip('later', () => {});",
        "  // verifies: SRS-5",
        "  items('not a test');",
        "});",
    ];
    let expected = [
        "1:4 verifies: SRS-1",
        "3:6 verifies: SRS-2 -> stops at the limit",
        "5:7 verifies: SRS-3 -> rejects \"bad\" rates",
        "7:35 verifies: SRS-4 -> alarms",
        "9:6 verifies: SRS-5",
    ];
    check("pump.test.js", &text, &expected);
    check("pump.spec.ts", &text, &expected);
}

#[test]
fn go() {
    check(
        "dose_test.go",
        &[
            "// TestLimit checks the limit.",
            "// verifies: SRS-1",
            "func TestLimit(t *testing.T) {",
            "}",
            "",
            "func TestRate(t *testing.T) { // verifies: SRS-2",
            "}",
            "",
            "// verifies: SRS-3",
            "func (s *Suite) TestStop() {}",
        ],
        &[
            "2:4 verifies: SRS-1 -> TestLimit",
            "6:34 verifies: SRS-2 -> TestRate",
            "9:4 verifies: SRS-3",
        ],
    );
}

#[test]
fn java_and_kotlin() {
    check(
        "DoseTest.java",
        &[
            "class DoseTest {",
            "    /**",
            "     * verifies: SRS-1",
            "     */",
            "    @Test",
            "    void limitIsEnforced() {}",
            "",
            "    // verifies: SRS-2",
            "    @ParameterizedTest",
            "    @ValueSource(ints = {",
            "        1, 2",
            "    })",
            "    public void rates(int rate) throws Exception {}",
            "",
            "    @Test // verifies: SRS-3",
            "    @DisplayName(\"stops\") public void stops() {}",
            "}",
        ],
        &[
            "3:8 verifies: SRS-1 -> limitIsEnforced",
            "8:8 verifies: SRS-2 -> rates",
            "15:14 verifies: SRS-3 -> stops",
        ],
    );
    check(
        "DoseTest.kt",
        &[
            "class DoseTest {",
            "    // verifies: SRS-4",
            "    @Test",
            "    fun `limit is enforced`() {}",
            "",
            "    @Test",
            "    // verifies: SRS-5",
            "    suspend fun rates() = runTest {}",
            "}",
        ],
        &[
            "2:8 verifies: SRS-4 -> limit is enforced",
            "7:8 verifies: SRS-5 -> rates",
        ],
    );
}

#[test]
fn cpp_gtest() {
    check(
        "dose_test.cc",
        &[
            "// verifies: SRS-1",
            "TEST(DoseTest, Limit) {",
            "}",
            "",
            "/* verifies: SRS-2 */",
            "TEST_F(PumpFixture, Stops) {}",
            "",
            "TEST_P( RateTest , Accepts ) { // verifies: SRS-3",
            "}",
            "",
            "// verifies: SRS-4",
            "TEST_CASE(\"catch2 is not matched\") {}",
        ],
        &[
            "1:4 verifies: SRS-1 -> DoseTest.Limit",
            "5:4 verifies: SRS-2 -> PumpFixture.Stops",
            "8:35 verifies: SRS-3 -> RateTest.Accepts",
            "11:4 verifies: SRS-4",
        ],
    );
}

#[test]
fn csharp_and_swift() {
    check(
        "DoseTests.cs",
        &["// verifies: SRS-1", "[Fact]", "public void Limit() {}"],
        &["1:4 verifies: SRS-1 -> Limit"],
    );
    check(
        "DoseTests.swift",
        &["// verifies: SRS-2", "func testLimit() {}"],
        &["1:4 verifies: SRS-2 -> testLimit"],
    );
}

#[test]
fn several_tags_above_one_test_all_bind() {
    check(
        "t.rs",
        &[
            "// verifies: SRS-1",
            "// verifies: SRS-2, SRS-3",
            "#[test]",
            "fn both() {}",
        ],
        &[
            "1:4 verifies: SRS-1 -> both",
            "2:4 verifies: SRS-2, SRS-3 -> both",
        ],
    );
}

#[test]
fn a_test_too_far_below_is_not_bound() {
    let mut text = vec!["// verifies: SRS-1"];
    text.extend(std::iter::repeat_n("// filler", 100));
    text.push("fn far() {}");
    check("t.rs", &text, &["1:4 verifies: SRS-1"]);
}

#[test]
fn crlf_line_ends() {
    check(
        "t.py",
        &[
            "# verifies: SRS-1\r",
            "@pytest.mark.slow\r",
            "def test_a():\r",
            "    \"\"\"\r",
            "    verifies: SRS-2\r",
            "    \"\"\"\r",
        ],
        &[
            "1:3 verifies: SRS-1 -> test_a",
            "5:5 verifies: SRS-2 -> test_a",
        ],
    );
}
