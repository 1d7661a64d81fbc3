package io.continuum.e2e;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With CONTINUUM_API_KEY set, the console loads without it, asks for it once at the first 401,
 * keeps it for the tab (sessionStorage) and shows the answers; a wrong key is shown as the API's message.
 */
@QuarkusTest
@TestProfile(ConsoleApiKeyTest.WithKey.class)
class ConsoleApiKeyTest {

    static final String KEY = "console-key-5b1e07";

    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("continuum.api.key", KEY);
        }
    }

    @TestHTTPResource("/")
    URL root;
    WebDriver browser;

    @Test
    void theKeyIsAskedOnceAndKeptForTheTab() throws IOException {
        browser = HeadlessChromium.start();
        browser.get(root.toString());
        WebDriverWait wait = HeadlessChromium.waitOn(browser);
        WebElement dialog = browser.findElement(By.id("key-dialog"));
        wait.until(d -> dialog.isDisplayed());
        assertEquals("key-input", browser.switchTo().activeElement().getAttribute("id"), "the key field has the focus");
        HeadlessChromium.shot(browser, "api-key");
        browser.findElement(By.id("key-input")).sendKeys(KEY);
        browser.findElement(By.id("key-save")).click();
        wait.until(d -> d.findElement(By.cssSelector("#infra-table tbody")).getText().contains("No infrastructure yet"));
        assertEquals(KEY, ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('continuum-api-key')"));
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.cssSelector("#infra-table tbody")).getText().contains("No infrastructure yet"));
        assertTrue(!browser.findElement(By.id("key-dialog")).isDisplayed(), "not asked again in this tab");
    }

    @Test
    void aWrongKeyIsShownAsTheApisMessage() {
        browser = HeadlessChromium.start();
        browser.get(root.toString());
        WebDriverWait wait = HeadlessChromium.waitOn(browser);
        wait.until(d -> d.findElement(By.id("key-dialog")).isDisplayed());
        browser.findElement(By.id("key-input")).sendKeys(KEY + "-wrong");
        browser.findElement(By.id("key-save")).click();
        WebElement error = browser.findElement(By.id("error"));
        wait.until(d -> error.isDisplayed());
        assertEquals("unauthorized: the API key sent is not this service's key", error.getText());
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }
}
