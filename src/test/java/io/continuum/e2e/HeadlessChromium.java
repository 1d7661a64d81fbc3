package io.continuum.e2e;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Debian's headless chromium driven through its chromedriver (on a port from {@link FreePorts}), for
 * the console's tests. Without them installed a test using it reports not run (an assumption), never passed.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final Duration UI_TIMEOUT = Duration.ofMinutes(3);

    private HeadlessChromium() {
    }

    static WebDriver start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "not run: Debian's chromium and chromium-driver are not installed (bin/test installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingPort(FreePorts.block(1)).build();
        return new ChromeDriver(service, options);
    }

    /** The console redraws a view when its data changes: an element found may be replaced before it is read. */
    static WebDriverWait waitOn(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, UI_TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** A screenshot for a person to look at, under target/ (not committed). */
    static void shot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SHOTS);
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
