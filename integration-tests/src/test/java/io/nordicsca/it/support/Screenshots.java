package io.nordicsca.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Saves what Chromium shows under target/screenshots, for a person to look at after a run. */
public final class Screenshots {

    private Screenshots() {
    }

    public static Path save(WebDriver driver, String name) {
        try {
            Path directory = Path.of("target", "screenshots");
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
