using AgentGateway.IntegrationTests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The web UI in a real headless Chromium (Debian's <c>chromium</c>, driven through Debian's <c>chromium-driver</c>):
/// the configuration tree, the MCP playground against <c>server-everything</c> behind <c>mcpAuthentication</c> and
/// <c>mcpAuthorization</c> (list tools with a pasted token, call <c>echo</c> through a form made from its schema), the
/// CEL playground, and the recent requests. Screenshots go to <c>artifacts/test-results/</c>.
/// </summary>
/// <remarks>
/// Skipped only when the browser is not installed and <c>CI</c> is not set: <c>.ci/run</c> installs it, so in CI a
/// missing browser is a failure, not a skip.
/// </remarks>
public sealed class WebUiTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private const string Audience = "agentgateway-ui";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WebUi_ConfigPlaygroundsAndRequests_WorkInHeadlessChromium()
    {
        RequireBrowser();
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            config:
              adminAddr: 127.0.0.1:{adminPort}
            binds:
            - port: {port}
              listeners:
              - routes:
                - name: everything
                  matches:
                  - path: {pathPrefix: /mcp}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
                    mcpAuthorization:
                      rules:
                      - 'mcp.tool.name != "get-env"'
                  backends:
                  - mcp: {targets: [{{Targets.Everything()}}]}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        var token = idp.CreateToken(Audience, subject: "ui-tester", permissions: ["read:tools"]);
        var results = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "test-results")).FullName;

        using var driver = StartBrowser();
        var wait = new WebDriverWait(driver, s_wait);
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));

        // The configuration tree: bind → listener → route (with its policies) → backend → target.
        driver.Navigate().GoToUrl(new Uri(gateway.AdminUri!, "ui/"));
        wait.Until(d => d.FindElement(By.CssSelector("details[data-node='target'][data-name='everything']")));
        var tree = driver.FindElement(By.Id("config-tree")).Text;
        Assert.Contains($":{gateway.Port}", tree, StringComparison.Ordinal);
        Assert.Contains($"{gateway.Port}/listener0/everything", tree, StringComparison.Ordinal);
        Assert.NotEmpty(driver.FindElements(By.CssSelector("details[data-node='route'] [data-policy='mcpAuthentication']")));
        Assert.Contains("mcp.tool.name != \"get-env\"", tree, StringComparison.Ordinal);
        Screenshot(driver, results, "webui-config.png");

        // The MCP playground: paste the token, list the tools it may see, call echo through the generated form.
        driver.FindElement(By.CssSelector("a[data-view='mcp']")).Click();
        wait.Until(d => d.FindElement(By.CssSelector($"#mcp-route option[value='{gateway.Port}/listener0/everything']")));
        SetValue(driver, By.Id("mcp-token"), token);
        driver.FindElement(By.Id("mcp-list")).Click();
        var echo = wait.Until(d => d.FindElement(By.CssSelector("#mcp-tools button[data-tool='echo']")));
        Assert.Contains("ok", driver.FindElement(By.Id("mcp-status")).GetAttribute("class"), StringComparison.Ordinal);
        Assert.Empty(driver.FindElements(By.CssSelector("#mcp-tools button[data-tool='get-env']"))); // filtered by mcpAuthorization
        echo.Click();
        var message = wait.Until(d => d.FindElement(By.Id("arg-message")));
        message.SendKeys("hello from the browser");
        driver.FindElement(By.Id("mcp-call-button")).Click();
        var result = wait.Until(d => d.FindElements(By.CssSelector("#mcp-result .result-text")).FirstOrDefault(e => e.Displayed && e.Text.Length > 0));
        Assert.Equal("Echo: hello from the browser", result!.Text);
        Screenshot(driver, results, "webui.png");

        // A call that reports progress is answered as an event stream: the page reads it event by event.
        driver.FindElement(By.CssSelector("#mcp-tools button[data-tool='trigger-long-running-operation']")).Click();
        wait.Until(d => d.FindElement(By.Id("arg-duration"))).SendKeys("0.4");
        driver.FindElement(By.Id("arg-steps")).SendKeys("2");
        driver.FindElement(By.Id("mcp-call-button")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#mcp-result .result-text")).FirstOrDefault(e => e.Displayed && e.Text.Contains("completed", StringComparison.Ordinal)));
        Assert.Contains("streamed, 2 notifications first", driver.FindElement(By.Id("mcp-call-status")).Text, StringComparison.Ordinal);

        // The CEL playground: a rule that matches the claims, then one that does not compile.
        driver.FindElement(By.CssSelector("a[data-view='cel']")).Click();
        SetValue(driver, By.Id("cel-expression"), "\"read:tools\" in jwt.permissions && jwt.sub == \"ui-tester\"");
        SetValue(driver, By.Id("cel-claims"), """{"sub": "ui-tester", "permissions": ["read:tools"]}""");
        driver.FindElement(By.Id("cel-evaluate")).Click();
        wait.Until(d => d.FindElement(By.CssSelector("#cel-result [data-verdict='match']")));
        Assert.Equal("true", driver.FindElement(By.CssSelector("#cel-result .cel-value")).Text);
        Screenshot(driver, results, "webui-cel.png");
        SetValue(driver, By.Id("cel-expression"), "jwtt.sub == \"x\"");
        driver.FindElement(By.Id("cel-evaluate")).Click();
        wait.Until(d => d.FindElement(By.CssSelector("#cel-result [data-verdict='compile']")));
        Assert.Contains("undeclared reference to 'jwtt'", driver.FindElement(By.Id("cel-result")).Text, StringComparison.Ordinal);

        // Recent requests: the playground's calls went through the route like any client's, with the token's subject.
        driver.FindElement(By.CssSelector("a[data-view='traffic']")).Click();
        var row = wait.Until(d => d.FindElements(By.CssSelector("#requests-table tbody tr"))
            .FirstOrDefault(r => r.Text.Contains("tools/call", StringComparison.Ordinal) && r.Text.Contains(" echo ", StringComparison.Ordinal)));
        Assert.Contains("200", row!.Text, StringComparison.Ordinal);
        Assert.Contains("ui-tester", row.Text, StringComparison.Ordinal);
        wait.Until(d => d.FindElement(By.Id("sessions-table")).Text.Contains("everything", StringComparison.Ordinal));
        Screenshot(driver, results, "webui-traffic.png");

        // The token went through the relay but was neither kept nor logged.
        Assert.DoesNotContain(token, gateway.Logs.Dump(), StringComparison.Ordinal);
    }

    /// <summary>Skips without the browser outside CI; fails in CI, where <c>.ci/run</c> installs it.</summary>
    private static void RequireBrowser()
    {
        if (File.Exists(Chromium) && File.Exists(ChromeDriver))
        {
            return;
        }

        var reason = $"the browser test needs Debian's chromium and chromium-driver ({Chromium}, {ChromeDriver}); " +
            "install them with: apt-get install -y chromium chromium-driver (.ci/run does)";
        Assert.False(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), "CI is set but " + reason);
        Assert.Skip(reason);
    }

    private static ChromeDriver StartBrowser()
    {
        // The driver and the browser are given by path, so Selenium Manager never runs and nothing is downloaded.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Sets a field's value as a paste would (one input event), rather than key by key.</summary>
    private static void SetValue(ChromeDriver driver, By by, string value)
    {
        var element = driver.FindElement(by);
        driver.ExecuteScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", element, value);
    }

    private static void Screenshot(ChromeDriver driver, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        driver.GetScreenshot().SaveAsFile(path);
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }
}
