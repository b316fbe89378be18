package io.longrun.adapter.out.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON columns (a chain's args, script arguments and environment): read whole, never queried into. */
final class JsonColumns {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonColumns() {
    }

    @Converter
    static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return JSON.writeValueAsString(value == null ? List.of() : value);
        }

        @Override
        public List<String> convertToEntityAttribute(String column) {
            return column == null ? List.of() : JSON.readValue(column, new TypeReference<List<String>>() { });
        }
    }

    @Converter
    static class StringMap implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return JSON.writeValueAsString(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String column) {
            return column == null ? Map.of()
                    : JSON.readValue(column, new TypeReference<LinkedHashMap<String, String>>() { });
        }
    }
}
