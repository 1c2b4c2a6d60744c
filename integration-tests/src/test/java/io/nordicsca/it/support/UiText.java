package io.nordicsca.it.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The words a user reads or hears on a page: visible text, the title, and the attributes a
 * screen reader speaks. The language menu is left out: it names each language in that language.
 */
public final class UiText {

    private static final List<String> SPOKEN_ATTRIBUTES = List.of("aria-label", "title", "alt", "placeholder");

    private UiText() {
    }

    public static Set<String> of(Page page) {
        Document document = page.document();
        Set<String> texts = new LinkedHashSet<>();
        add(texts, document.title());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text && !insideIgnored(text)) {
                    add(texts, text.text());
                }
                if (node instanceof Element element && !insideIgnored(element)) {
                    SPOKEN_ATTRIBUTES.forEach(attribute -> add(texts, element.attr(attribute)));
                    if (element.is("input[type=submit], input[type=button]")) {
                        add(texts, element.val());
                    }
                }
            }
        }, document.body());
        return texts;
    }

    private static boolean insideIgnored(Node node) {
        for (Node n = node; n != null; n = n.parent()) {
            if (n instanceof Element element
                    && (element.is("script, style, noscript") || "login-select-toggle".equals(element.id()))) {
                return true;
            }
        }
        return false;
    }

    private static void add(Set<String> texts, String text) {
        String normalized = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        if (normalized.chars().anyMatch(Character::isLetter)) {
            texts.add(normalized);
        }
    }
}
