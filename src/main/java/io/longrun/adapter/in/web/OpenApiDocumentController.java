package io.longrun.adapter.in.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contract itself, as built into the jar: what portals generate their clients from. */
@RestController
class OpenApiDocumentController {
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private final Resource document = new ClassPathResource("openapi/longrun.yaml");

    @GetMapping(value = "/openapi.yaml", produces = "application/yaml")
    ResponseEntity<Resource> document() {
        return ResponseEntity.ok().contentType(YAML).body(document);
    }
}
